import path from 'node:path';
import { assertBranchName } from './branch-name.js';

/**
 * The files git's "files" ref backend changes when the tip of one local branch moves, under a
 * repository's common git dir (shared by all its worktrees).
 */
export interface BranchRefPaths {
  /** The common git dir: `.git` of a checkout, the repository folder itself when bare. */
  gitDir: string;
  /** `<gitDir>/refs/heads/<branch>`: git writes `<branch>.lock`, then renames it onto this. */
  looseRef: string;
  /** `<gitDir>/packed-refs`: where the tip lives after `git pack-refs`/`gc` removed the loose ref. */
  packedRefs: string;
  /** Folders from `gitDir` down to the loose ref's folder (branch names may contain `/`). */
  folders: string[];
}

/**
 * Returns the paths to watch for moves of local branch `branch` in the repository whose common git
 * dir is `gitDir` (absolute). Pure. Throws `InvalidBranchNameError` when `branch` is not a valid
 * branch name, so it can never name a path outside `refs/heads`.
 */
export function branchRefPaths(gitDir: string, branch: string): BranchRefPaths {
  assertBranchName(branch);
  const root = path.resolve(gitDir);
  const looseRef = path.join(root, 'refs', 'heads', ...branch.split('/'));
  const folders = [root];
  for (let folder = path.dirname(looseRef); folder !== root; folder = path.dirname(folder)) folders.splice(1, 0, folder);
  return { gitDir: root, looseRef, packedRefs: path.join(root, 'packed-refs'), folders };
}

/**
 * Returns true when `candidate` (an absolute path) is one of `paths`' files or folders, i.e. worth
 * watching; lock files (`main.lock`, `packed-refs.lock`) are not: a ref is only moved by the
 * rename that replaces the real file.
 */
export function isBranchRefPath(paths: BranchRefPaths, candidate: string): boolean {
  const normal = path.resolve(candidate);
  return normal === paths.looseRef || normal === paths.packedRefs || paths.folders.includes(normal);
}
