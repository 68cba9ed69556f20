import { describe, expect, it } from '@jest/globals';
import { parseDiffRaw } from '../../../enrich/retrieval/parse-diff-raw.js';

const Z = '0'.repeat(40);
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('parseDiffRaw', () => {
  it('gives each changed path its new blob, none for deletions and non-regular files', () => {
    const output = [
      `:100644 100644 ${A} ${B} M`,
      'lib/a.js',
      `:000000 100644 ${Z} ${A} A`,
      'lib/new file.js',
      `:100644 000000 ${A} ${Z} D`,
      'lib/gone.js',
      `:100644 120000 ${A} ${B} T`,
      'lib/now-a-link.js',
      '',
    ].join('\0');
    expect(parseDiffRaw(output)).toEqual([
      { path: 'lib/a.js', sha: B },
      { path: 'lib/new file.js', sha: A },
      { path: 'lib/gone.js', sha: undefined },
      { path: 'lib/now-a-link.js', sha: undefined },
    ]);
  });

  it('returns nothing for no changes and throws on a malformed header', () => {
    expect(parseDiffRaw('')).toEqual([]);
    expect(() => parseDiffRaw('M\0x\0')).toThrow(/expected ":<mode> <mode> <sha> <sha> <status>", saw "M"/);
  });
});
