import { beforeAll, describe, expect, it } from '@jest/globals';
import { MAX_PARSED_CHARS, createSymbolExtractor, type SymbolExtractor } from '../../../enrich/symbols/create-symbol-extractor.js';
import { loadGrammars } from '../../../enrich/symbols/load-grammars.js';

let extractor: SymbolExtractor;
beforeAll(async () => {
  extractor = await createSymbolExtractor();
});

describe('createSymbolExtractor', () => {
  it.each([
    ['a.ts', 'typescript'],
    ['types/index.d.ts', 'typescript'],
    ['a.mts', 'typescript'],
    ['a.cts', 'typescript'],
    ['a.tsx', 'tsx'],
    ['a.js', 'javascript'],
    ['a.mjs', 'javascript'],
    ['a.cjs', 'javascript'],
    ['a.jsx', 'javascript'],
    ['a.py', 'python'],
    ['a.pyi', 'python'],
    ['main.go', null],
    ['Makefile', null],
  ])('reads %s as %s', (path, language) => {
    expect(extractor.extract(path, 'x = 1\n').language).toBe(language);
  });

  it('loads the grammars once per process: another extractor shares them', async () => {
    const loaded = await loadGrammars();
    const again = await createSymbolExtractor();
    expect(await loadGrammars()).toBe(loaded);
    expect(again.extract('a.ts', 'export function f() {}').defines.map((s) => s.name)).toEqual(['f']);
  });

  it('returns nothing for an empty file', () => {
    expect(extractor.extract('a.ts', '')).toEqual({ language: 'typescript', defines: [], uses: [] });
    expect(extractor.extract('a.py', '')).toEqual({ language: 'python', defines: [], uses: [] });
    expect(extractor.extract('a.go', '')).toEqual({ language: null, defines: [], uses: [] });
  });

  it('returns nothing for binary content', () => {
    expect(extractor.extract('logo.ts', 'GIF89a\u0000\u0001\u0002\u00ff\ufffdfunction f() {}')).toEqual({ language: null, defines: [], uses: [] });
  });

  it('keeps the declarations before a syntax error', () => {
    const symbols = extractor.extract('a.ts', 'export function ok(a: number) {\n  return a;\n}\nfunction broken( {\nexport const after = 1;\n');
    expect(symbols.language).toBe('typescript');
    expect(symbols.defines[0]).toMatchObject({ name: 'ok', kind: 'function', exported: true });
  });

  it('reads a 5 MB minified file as plain text, not parsed, with few uses', () => {
    const minified = 'function a(b){return b.c+1};var dd={ee:1,ff:[1,2,3]};'.repeat(100_000);
    expect(minified.length).toBeGreaterThan(5_000_000);
    const symbols = extractor.extract('dist/bundle.min.js', minified);
    // language null: the plain-text reader took it; a parse would have said javascript.
    expect(symbols.language).toBeNull();
    expect(symbols.uses).toEqual(['dd', 'ee', 'ff']);
  });

  it('reads a file too large to parse as plain text, declarations included', () => {
    const large = 'export function handler(a: number): number {\n  return a + 1;\n}\n'.repeat(Math.ceil(MAX_PARSED_CHARS / 60) + 1);
    const symbols = extractor.extract('gen/large.ts', large);
    expect(symbols.language).toBeNull();
    expect(symbols.defines).toEqual([{ name: 'handler', kind: 'function', signature: 'export function handler(a: number): number', line: 1, exported: true }]);
  });

  it('survives deeply nested code in every grammar', () => {
    const cases: Array<[string, string]> = [
      ['deep.js', `export const data = ${'[\n'.repeat(30_000)}${']\n'.repeat(30_000)}`],
      ['deep.ts', `function outer() {\n${'if (x) {\n'.repeat(3_000)}${'}\n'.repeat(3_000)}}\n`],
      ['deep.tsx', '<div>\n'.repeat(20_000)],
      ['deep.py', `value = ${'(\n'.repeat(30_000)}${')\n'.repeat(30_000)}`],
    ];
    for (const [path, text] of cases) {
      const symbols = extractor.extract(path, text);
      expect(Array.isArray(symbols.defines)).toBe(true);
    }
    expect(extractor.extract('deep.ts', cases[1]![1]).defines.map((s) => s.name)).toEqual(['outer']);
    // The parser is still usable afterwards.
    expect(extractor.extract('after.ts', 'export class After {}').defines.map((s) => s.name)).toEqual(['After']);
  });

  it('falls back to plain text when parsing runs out of time, and parses the next file normally', async () => {
    const impatient = await createSymbolExtractor({ parseTimeLimitMs: 0 });
    const long = 'export function handler(a: number): number { return a + 1; }\n'.repeat(3000);
    const symbols = impatient.extract('slow.ts', long);
    expect(symbols.language).toBeNull();
    expect(symbols.defines.map((s) => s.name)).toEqual(['handler']);
    expect(extractor.extract('next.ts', 'export function next() {}').defines.map((s) => s.name)).toEqual(['next']);
  });

  it('never throws on odd text', () => {
    const odd = ['\uD800 lone surrogate', '\r\n\r\n', '\u0085\u2028\u2029', '```', '/*', '"""', '#!/usr/bin/env node\n', 'export default', 'class', 'def'];
    for (const text of odd) {
      for (const path of ['a.ts', 'a.tsx', 'a.js', 'a.py', 'a.go', 'a']) {
        expect(() => extractor.extract(path, text)).not.toThrow();
      }
    }
  });

  it('gives the same symbols for a file however many files its reused parser read before', () => {
    const file =
      `import { join } from 'node:path';\n\nexport class Store {\n  constructor(private readonly root: string) {}\n  pathOf(id: string): string {\n    return join(this.root, id);\n  }\n}\n\nexport function openStore(root: string): Store {\n  return new Store(root);\n}\n`.repeat(
        10,
      );
    const first = extractor.extract('src/file-0.ts', file);
    expect(first.defines.map((d) => d.name)).toEqual(expect.arrayContaining(['Store', 'openStore']));
    for (let i = 1; i < 300; i += 1) expect(extractor.extract(`src/file-${i}.ts`, file)).toEqual(first);
    // How fast extraction is belongs to the cold prompt build of `npm run bench:prompt`, not to a test.
  });
});
