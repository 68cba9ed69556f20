import { afterAll, describe, expect, it } from '@jest/globals';
import { readBlobs, readBlobSync } from '../../../enrich/retrieval/read-blobs.js';
import { readTree } from '../../../enrich/retrieval/read-tree.js';
import { removeDir } from '../../support/temp-dir.js';
import { makeHistoryRepo } from './history-repo.js';

const { dir, shas } = makeHistoryRepo([
  {
    message: 'files',
    files: { 'a.js': 'const a = 1;\n', 'big.txt': 'x'.repeat(5000), 'img.png': Buffer.from([0x89, 0x50, 0, 1, 2]) },
    links: { 'link.js': 'a.js' },
  },
]);
afterAll(() => removeDir(dir));

describe('readTree and readBlobs', () => {
  it('lists regular files without symlinks and streams their blobs in order through one process', async () => {
    const tree = await readTree(dir, shas[0]!);
    expect(tree.map((blob) => blob.path)).toEqual(['a.js', 'big.txt', 'img.png']);
    const seen: (string | undefined)[] = [];
    await readBlobs(dir, [...tree.map((blob) => blob.sha), 'f'.repeat(40)], 1000, (answer) => seen.push(answer.content?.toString('latin1')));
    expect(seen).toEqual(['const a = 1;\n', undefined, '\x89P\0\x01\x02', undefined]);
  });

  it('reads one blob synchronously, and nothing for an unknown id', async () => {
    const [a] = await readTree(dir, shas[0]!);
    expect(readBlobSync(dir, a!.sha)?.toString()).toBe('const a = 1;\n');
    expect(readBlobSync(dir, 'f'.repeat(40))).toBeUndefined();
  });

  it('rejects with the git error for an unknown commit', async () => {
    await expect(readTree(dir, 'f'.repeat(40))).rejects.toThrow(/ls-tree/);
  });
});
