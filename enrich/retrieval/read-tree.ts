import { runGit } from '../../git/run-git.js';
import { parseLsTree, type TreeBlob } from './parse-ls-tree.js';

/**
 * The regular files of `commit`'s tree in the repository at `dir` (a bare repository or any
 * worktree; no work tree is read). Throws `GitError` when the commit is unknown.
 */
export async function readTree(dir: string, commit: string): Promise<TreeBlob[]> {
  const { stdout } = await runGit(dir, ['ls-tree', '-r', '-z', '--long', '--full-tree', commit]);
  return parseLsTree(stdout);
}
