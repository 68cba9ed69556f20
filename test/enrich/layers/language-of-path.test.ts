import { describe, expect, it } from '@jest/globals';
import { languageOfPath } from '../../../enrich/layers/language-of-path.js';

describe('languageOfPath', () => {
  it.each([
    ['enrich/layers/task-layer.ts', 'ts'],
    ['src/App.TSX', 'tsx'],
    ['tool.py', 'python'],
    ['.github/workflows/ci.yml', 'yaml'],
    ['docker/Dockerfile', 'dockerfile'],
    ['Makefile', 'makefile'],
    ['LICENSE', ''],
    ['.gitignore', ''],
    ['data.unknownext', ''],
  ])('%s → %j', (file, language) => {
    expect(languageOfPath(file)).toBe(language);
  });
});
