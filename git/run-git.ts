import { GitError, outputTail } from './git-errors.js';
import { launch } from './launcher.js';

// simple-git is not used: it reports a non-zero exit with empty stderr as success (which is how
// `merge-base --is-ancestor`, `show-ref --quiet` and `diff --quiet` answer "no") and its errors
// carry no exit code. One runner gives exact exit codes and one error type; it runs git through
// the process's launcher (git/launcher.ts) where there is one.

/** Variables that would point git at another repository, index or work tree than `cwd`'s. */
const REDIRECTING_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_COMMON_DIR', 'GIT_NAMESPACE', 'GIT_PREFIX'];

/**
 * Every git command Ringmaster runs, in the user's checkout or a worktree, runs no hook and no
 * fsmonitor: both are programs named in the repository's config, which an agent can write.
 */
const SAFE_CONFIG = ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false'];

export interface RunGitOptions {
  /** Written to git's stdin (e.g. a commit message for `-F -`); stdin is closed otherwise. */
  input?: string;
  /** Extra environment variables for this call. */
  env?: Readonly<Record<string, string>>;
  /** Exit codes that are answers, not failures (e.g. `[1]` for `merge-base --is-ancestor`). */
  okExitCodes?: readonly number[];
}

export interface GitResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

function gitEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of REDIRECTING_VARIABLES) delete env[name];
  // English messages (a few are classified by text) and never a credential prompt.
  return { ...env, LC_ALL: 'C', LANGUAGE: 'C', GIT_TERMINAL_PROMPT: '0', ...extra };
}

/**
 * Runs `git <args>` in `cwd` (argv array, no shell, hooks and fsmonitor off) and returns its output with the final newline
 * stripped. Throws `GitError` (with the arguments, exit code and stderr tail) when git cannot be
 * started or exits with a code not 0 and not in `okExitCodes`.
 */
export async function runGit(cwd: string, args: readonly string[], options: RunGitOptions = {}): Promise<GitResult> {
  const result = await launch({
    command: 'git',
    args: [...SAFE_CONFIG, ...args],
    cwd,
    env: gitEnv(options.env),
    ...(options.input === undefined ? {} : { input: options.input }),
  });
  const exitCode = result.exitCode ?? undefined;
  if (exitCode === undefined || (exitCode !== 0 && !(options.okExitCodes ?? []).includes(exitCode))) {
    const reason = exitCode === undefined ? (result.failure ?? `killed by ${result.signal}`) : outputTail(result.stderr || result.stdout);
    throw new GitError(args, cwd, exitCode, reason);
  }
  return { stdout: result.stdout, stderr: result.stderr, exitCode };
}
