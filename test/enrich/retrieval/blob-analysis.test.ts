import { describe, expect, it } from '@jest/globals';
import { analyseBlob, analysisKey, isSourceContent, parseAnalysis, serializeAnalysis, type SymbolReader } from '../../../enrich/retrieval/blob-analysis.js';

const reader: SymbolReader = {
  extract: (path) => ({ language: 'javascript', defines: [{ name: path, kind: 'function', signature: 'f()', line: 1, exported: true }], uses: ['x'] }),
};

describe('analyseBlob', () => {
  it('counts terms and phrases and reads symbols of ordinary source text', () => {
    const analysis = analyseBlob('lib/a.js', 'function mediaType () { return media }\n', reader);
    expect(isSourceContent(analysis)).toBe(true);
    expect(analysis.terms.get('media')).toBe(2);
    expect(analysis.length).toBe([...analysis.terms.values()].reduce((a, b) => a + b, 0));
    expect(analysis.phrases.get('media_type')).toBe(1);
    expect(analysis.symbols?.defines[0]?.name).toBe('lib/a.js');
  });

  it('keeps no content for binary, generated or minified blobs', () => {
    expect(isSourceContent(analyseBlob('a.js', undefined, reader))).toBe(false);
    const generated = analyseBlob('a.js', '// @generated\nconst a = 1\n', reader);
    expect(generated).toMatchObject({ hasText: true, generated: true, length: 0, symbols: undefined });
    expect(analyseBlob('a.js', `a=1;${'b=2;'.repeat(2000)}`, reader).minified).toBe(true);
  });
});

describe('serializeAnalysis and parseAnalysis', () => {
  it('round-trip an analysis, odd term names included', () => {
    const analysis = analyseBlob('lib/a.js', 'const __proto__ = constructor; toString hasOwnProperty\n', reader);
    expect(parseAnalysis(serializeAnalysis(analysis))).toEqual(analysis);
  });

  it('reject another version or malformed text as absent', () => {
    const json = JSON.parse(serializeAnalysis(analyseBlob('a.js', 'x', undefined))) as Record<string, unknown>;
    expect(parseAnalysis(JSON.stringify({ ...json, v: 0 }))).toBeUndefined();
    expect(parseAnalysis('{"v":')).toBeUndefined();
  });
});

describe('analysisKey', () => {
  it('joins the blob id and the extension', () => {
    expect(analysisKey('abc', 'lib/a.d.ts')).toBe('abc.ts');
    expect(analysisKey('abc', 'Makefile')).toBe('abc.none');
  });
});
