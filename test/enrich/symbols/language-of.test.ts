import { describe, expect, it } from '@jest/globals';
import { extensionOf, languageOf } from '../../../enrich/symbols/language-of.js';

describe('languageOf', () => {
  it.each([
    ['src/a.ts', 'typescript'],
    ['types/index.d.ts', 'typescript'],
    ['A.TSX', 'tsx'],
    ['lib/reply.js', 'javascript'],
    ['x.pyi', 'python'],
    ['main.go', null],
    ['.eslintrc', null],
    ['dir.ts/README', null],
  ])('%s → %s', (path, language) => {
    expect(languageOf(path)).toBe(language);
  });

  it('takes the extension from the file name only', () => {
    expect(extensionOf('a.b/c')).toBe('');
    expect(extensionOf('a/b.d.ts')).toBe('ts');
    expect(extensionOf('.gitignore')).toBe('');
  });
});
