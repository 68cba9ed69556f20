import { describe, expect, it } from '@jest/globals';
import { languageOfPath } from '../../../enrich/layers/language-of-path.js';
import { extensionOf, fenceTagOf, languageOf } from '../../../enrich/symbols/language-of.js';

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

describe('one table for grammars and code fences', () => {
  it.each([
    ['a.ts', 'typescript', 'ts'],
    ['a.mts', 'typescript', 'ts'],
    ['a.cts', 'typescript', 'ts'],
    ['a.tsx', 'tsx', 'tsx'],
    ['a.js', 'javascript', 'js'],
    ['a.mjs', 'javascript', 'js'],
    ['a.cjs', 'javascript', 'js'],
    ['a.jsx', 'javascript', 'jsx'],
    ['a.py', 'python', 'python'],
    ['a.pyi', 'python', 'python'],
    ['main.go', null, 'go'],
    ['notes.md', null, 'markdown'],
    ['Dockerfile', null, 'dockerfile'],
    ['blob.unknown', null, ''],
    ['a.constructor', null, ''],
  ])('%s is parsed as %s and fenced as %s', (path, parsed, fence) => {
    expect([languageOf(path), languageOfPath(path), fenceTagOf(extensionOf(path))]).toEqual([parsed, fence, path === 'Dockerfile' ? '' : fence]);
  });
});
