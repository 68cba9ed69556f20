import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { grammarWasmPath, loadGrammars } from '../../../enrich/symbols/load-grammars.js';
import { PARSED_LANGUAGES } from '../../../enrich/symbols/language-of.js';

describe('loadGrammars', () => {
  it.each(PARSED_LANGUAGES)('finds the %s wasm file in its installed package', (language) => {
    expect(existsSync(grammarWasmPath(language))).toBe(true);
  });

  it('loads each grammar once per process', async () => {
    const [first, second] = await Promise.all([loadGrammars(), loadGrammars()]);
    expect(second).toBe(first);
    expect(await loadGrammars()).toBe(first);
    expect(first.python.name).toBe('python');
    expect(new Set(Object.values(first)).size).toBe(PARSED_LANGUAGES.length);
  });
});
