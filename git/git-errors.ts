/** Longest piece of an argument shown in an error message (a merge message can be long). */
const MAX_ARG_CHARS = 80;

function showArg(arg: string): string {
  const short = arg.length > MAX_ARG_CHARS ? `${arg.slice(0, MAX_ARG_CHARS)}…` : arg;
  return /[\s"'\\]/.test(short) || short === '' ? JSON.stringify(short) : short;
}

/** Last lines of a command's error output, joined with ` | ` for a one-line message. */
export function outputTail(output: string, lines = 5): string {
  return output.trim().split('\n').slice(-lines).join(' | ');
}

/** Thrown when a git command fails in a way the caller is not expected to handle case by case. */
export class GitError extends Error {
  override readonly name: string = 'GitError';
  constructor(
    /** Arguments after `git`, e.g. `['worktree', 'add', …]`. */
    readonly argv: readonly string[],
    /** Folder git ran in. */
    readonly cwd: string,
    /** Exit code, or undefined when git could not be started at all. */
    readonly exitCode: number | undefined,
    /** The last lines of git's error output (or the reason it could not start). */
    readonly stderrTail: string,
  ) {
    const status = exitCode === undefined ? 'could not run' : `failed (exit ${exitCode})`;
    super(`git ${argv.map(showArg).join(' ')} ${status} in ${cwd}${stderrTail ? `: ${stderrTail}` : ''}`);
  }
}

/** Why `inspectRepository` rejected a path. */
export type InvalidRepositoryReason = 'not-absolute' | 'not-found' | 'not-a-directory' | 'not-a-repository' | 'no-commits';

/**
 * Thrown by `inspectRepository` for a path Ringmaster cannot use as a project. The message is for
 * people and names no field, so the API can answer `repoPath: <message>`.
 */
export class InvalidRepositoryError extends Error {
  override readonly name = 'InvalidRepositoryError';
  constructor(
    readonly repoPath: string,
    readonly reason: InvalidRepositoryReason,
    message: string,
  ) {
    super(message);
  }
}

/** Thrown when a branch name is not one Ringmaster would create (see `taskBranchName`). */
export class InvalidBranchNameError extends Error {
  override readonly name = 'InvalidBranchNameError';
  constructor(
    readonly branch: string,
    why: string,
  ) {
    super(`'${branch}' is not a usable branch name: ${why}`);
  }
}

/** Thrown when a branch an operation needs (the base or default branch) does not exist. */
export class BranchNotFoundError extends Error {
  override readonly name = 'BranchNotFoundError';
  constructor(
    readonly repoPath: string,
    readonly branch: string,
  ) {
    super(`branch '${branch}' does not exist in ${repoPath}`);
  }
}

/**
 * Thrown by `createWorktree` when the path is taken by something other than the expected
 * worktree, or the branch is already checked out in another worktree. Nothing was changed.
 */
export class WorktreeConflictError extends Error {
  override readonly name = 'WorktreeConflictError';
  constructor(
    readonly worktreePath: string,
    readonly branch: string,
    message: string,
  ) {
    super(message);
  }
}

/** What keeps a task worktree from being committed or removed. */
export type WorktreeStateReason = 'missing' | 'dirty' | 'wrong-branch' | 'operation-in-progress' | 'locked';

/** Thrown when a task worktree is not in the state an operation needs; nothing was changed. */
export class WorktreeStateError extends Error {
  override readonly name = 'WorktreeStateError';
  constructor(
    readonly worktreePath: string,
    readonly reason: WorktreeStateReason,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Thrown by `fastForwardBranch` when the default branch could not be fast-forwarded in the checkout
 * where it is checked out, typically because the user's uncommitted changes there touch the same
 * files. Their changes and the default branch are untouched; the task branch already holds the
 * merge, so a retry after they commit or stash only fast-forwards.
 */
export class DefaultCheckoutBlockedError extends Error {
  override readonly name = 'DefaultCheckoutBlockedError';
  constructor(
    readonly checkoutPath: string,
    readonly defaultBranch: string,
    readonly stderrTail: string,
  ) {
    super(`could not fast-forward '${defaultBranch}' in ${checkoutPath}, where it is checked out` + ` (commit or stash the changes there, then retry): ${stderrTail}`);
  }
}

/** Thrown when asked to move a branch to a commit that does not contain its current tip. */
export class NotFastForwardError extends Error {
  override readonly name = 'NotFastForwardError';
  constructor(
    readonly branch: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`moving '${branch}' from ${from} to ${to} is not a fast-forward; branches are never moved any other way`);
  }
}

/** Thrown when the default branch kept moving while a revert or restore was being landed on it. */
export class DefaultBranchMovedError extends Error {
  override readonly name = 'DefaultBranchMovedError';
  constructor(
    readonly defaultBranch: string,
    readonly attempts: number,
  ) {
    super(`'${defaultBranch}' moved ${attempts} times in a row while a change was being landed on it; retry later`);
  }
}

/** Thrown by `removeWorktree` when `git branch -d` refuses because the branch is not merged. */
export class BranchNotMergedError extends Error {
  override readonly name = 'BranchNotMergedError';
  constructor(
    readonly branch: string,
    readonly stderrTail: string,
  ) {
    super(`branch '${branch}' is not fully merged, so it was kept: ${stderrTail}`);
  }
}

/** Thrown when `git worktree list --porcelain` prints something the parser does not understand. */
export class WorktreeListParseError extends Error {
  override readonly name = 'WorktreeListParseError';
  constructor(
    readonly lineNumber: number,
    readonly line: string,
  ) {
    super(`git worktree list --porcelain, line ${lineNumber}: expected "worktree <path>" to start a record, saw ${JSON.stringify(line)}`);
  }
}

/** Thrown when a commit would hold a file that must never be committed (a copied .env). */
export class ForbiddenFileError extends Error {
  override readonly name = 'ForbiddenFileError';
  constructor(
    readonly worktreePath: string,
    readonly files: readonly string[],
  ) {
    super(`refusing to commit ${files.join(', ')} in ${worktreePath}: copied files (copyFiles) stay out of commits; remove them from the change`);
  }
}

/** Thrown when undoing a failed change conflicts with what landed after it; the branch was not touched. */
export class RevertConflictError extends Error {
  override readonly name = 'RevertConflictError';
  constructor(
    readonly branch: string,
    readonly from: string,
    readonly to: string,
    readonly files: readonly string[],
  ) {
    super(
      `undoing ${from.slice(0, 12)}..${to.slice(0, 12)} conflicts with what landed on ${branch} since${files.length ? ` (${files.join(', ')})` : ''}: ` +
        `${branch} was left as it is; revert it by hand`,
    );
  }
}
