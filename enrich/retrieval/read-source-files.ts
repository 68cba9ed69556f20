import { decodeBlob, MAX_TEXT_BYTES } from './decode-blob.js';
import { readBlobs } from './read-blobs.js';
import { readTree } from './read-tree.js';
import { classifyFile, classifyPath } from './source-pool.js';

/** A source file of a commit with its text. */
export interface SourceFile {
  path: string;
  sha: string;
  text: string;
}

/**
 * The candidate pool of `commit` read afresh, with no cache: its source files (see `classifyFile`)
 * with their texts, in path order. Throws `GitError` when the commit cannot be read.
 */
export async function readSourceFiles(dir: string, commit: string): Promise<{ files: SourceFile[]; allPaths: string[] }> {
  const tree = await readTree(dir, commit);
  const candidates = tree.filter((blob) => classifyPath(blob.path) === 'source' && blob.size <= MAX_TEXT_BYTES);
  const texts = new Map<string, string | undefined>();
  await readBlobs(dir, [...new Set(candidates.map((blob) => blob.sha))], MAX_TEXT_BYTES, (answer) => texts.set(answer.sha, decodeBlob(answer.content)));
  const files: SourceFile[] = [];
  for (const blob of candidates) {
    const text = texts.get(blob.sha);
    if (text !== undefined && classifyFile(blob.path, text) === 'source') files.push({ path: blob.path, sha: blob.sha, text });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, allPaths: tree.map((blob) => blob.path) };
}
