import { describe, expect, it } from '@jest/globals';
import { parseLsTree } from '../../../enrich/retrieval/parse-ls-tree.js';

const SHA = 'a'.repeat(40);

describe('parseLsTree', () => {
  it('keeps regular and executable files with their size, skipping symlinks and submodules', () => {
    const output = [
      `100644 blob ${SHA}     120\tlib/a b.js`,
      `100755 blob ${'b'.repeat(40)}       7\tbin/run`,
      `120000 blob ${'c'.repeat(40)}      10\tlink`,
      `160000 commit ${'d'.repeat(40)}       -\tvendor/sub`,
      '',
    ].join('\0');
    expect(parseLsTree(output)).toEqual([
      { path: 'lib/a b.js', sha: SHA, size: 120 },
      { path: 'bin/run', sha: 'b'.repeat(40), size: 7 },
    ]);
  });

  it('keeps tabs and newlines inside a path (-z output is not quoted)', () => {
    expect(parseLsTree(`100644 blob ${SHA} 1\tweird\tname\n.txt\0`)[0]!.path).toBe('weird\tname\n.txt');
  });

  it('says what it expected when a record is malformed', () => {
    expect(() => parseLsTree('garbage\0')).toThrow(/expected "<mode> <type> <sha> <size>\\t<path>", saw "garbage"/);
  });
});
