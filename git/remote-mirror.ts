import fs from 'node:fs';
import path from 'node:path';
import { dataPaths } from '../config/paths.js';
import { ensurePrivateDir } from '../config/private-files.js';
import { assertTaskId } from '../model/ids.js';
import { assertBranchName, TASK_BRANCH_PREFIX } from './branch-name.js';
import { GitError, NotFastForwardError, outputTail } from './git-errors.js';
import { isAncestor, resolveCommit } from './read-refs.js';
import { RemoteFetchError, RemotePushError } from './remote-errors.js';
import { parseRemoteUrl, redactRemoteUrl } from './remote-url.js';
import { runGit, type GitResult } from './run-git.js';

// Every function below that takes a mirror also throws `RemoteUrlError` when the mirror's origin is
// no longer a usable URL, and `GitError` when a local git step fails.

/**
 * Branches of the mirror are the remote's branches, except task branches: those are this host's
 * own (a worktree has each checked out), so a fetch must neither overwrite nor prune them.
 */
const FETCH_REFSPECS = ['+refs/heads/*:refs/heads/*', `^refs/heads/${TASK_BRANCH_PREFIX}*`, '+refs/ringmaster/*:refs/ringmaster/*'];
const WIP_PREFIX = 'refs/ringmaster/wip/';
/** What `deleteRemoteRefs` may delete: task branches and Ringmaster's own refs, never a user's branch. */
const DELETABLE_PREFIXES = [`refs/heads/${TASK_BRANCH_PREFIX}`, 'refs/ringmaster/'];

/** Only the transports `parseRemoteUrl` accepts, whatever the config (an `insteadOf` rewrite included) says. */
const ALLOWED_PROTOCOLS = ['file', 'git', 'ssh', 'https', 'http'].flatMap((name) => ['-c', `protocol.${name}.allow=always`]);

const NETWORK_CONFIG = [
  '-c',
  'protocol.allow=never',
  ...ALLOWED_PROTOCOLS,
  // ssh would otherwise ask on the terminal for a passphrase or about an unknown host key; GIT_SSH_COMMAND in `env` still wins.
  '-c',
  'core.sshCommand=ssh -o BatchMode=yes -o ConnectTimeout=30',
  // runGit has no timeout, so at least an http transfer stalled for a minute gives up.
  '-c',
  'http.lowSpeedLimit=1',
  '-c',
  'http.lowSpeedTime=60',
  '-c',
  'advice.pushUpdateRejected=false',
];

/** Tail of the work queued on each mirror (by absolute path) in this process. */
const mirrorQueues = new Map<string, Promise<unknown>>();

/** Runs `work` after the earlier ref-writing work on `mirror`: two fetches at once fail on git's ref locks. */
function oneAtATime<T>(mirror: string, work: () => Promise<T>): Promise<T> {
  const key = path.resolve(mirror);
  const result = (mirrorQueues.get(key) ?? Promise.resolve()).then(work);
  const tail = result.then(
    () => undefined,
    () => undefined,
  );
  mirrorQueues.set(key, tail);
  void tail.then(() => {
    if (mirrorQueues.get(key) === tail) mirrorQueues.delete(key);
  });
  return result;
}

export interface NetworkOptions {
  /**
   * Extra environment for git (credentials: GIT_ASKPASS, GIT_SSH_COMMAND, GIT_CONFIG_COUNT/KEY/VALUE…),
   * in place of the credentials `useMirrorCredentials` gave the mirror.
   */
  env?: Readonly<Record<string, string>>;
}

interface Remote {
  url: string;
  /** `url` without userinfo, for messages. */
  shown: string;
}

/** Mirror (by absolute path) → the environment that authenticates to its remote (remote-credentials.ts). */
const mirrorCredentials = new Map<string, Readonly<Record<string, string>>>();

/**
 * Makes every fetch and push of `mirror` in this process authenticate with `env` (from
 * `remoteCredentialEnv`), or with nothing but the host's own credentials when undefined. Kept in
 * memory only; the activities set it from the project's secret before each run, so a changed
 * secret applies to the next one.
 */
export function useMirrorCredentials(mirror: string, env: Readonly<Record<string, string>> | undefined): void {
  if (env) mirrorCredentials.set(path.resolve(mirror), env);
  else mirrorCredentials.delete(path.resolve(mirror));
}

/** `env` when given (it replaces the mirror's credentials), else those of `useMirrorCredentials`. */
function networkEnv(mirror: string, env: Readonly<Record<string, string>> | undefined): Record<string, string> {
  // A missing credential fails instead of prompting.
  return { ...(env ?? mirrorCredentials.get(path.resolve(mirror))), GIT_TERMINAL_PROMPT: '0' };
}

/** The mirror's origin, validated again: the mirror's config is shared with its worktrees, which agents can write. */
async function originOf(mirror: string): Promise<Remote> {
  const { stdout } = await runGit(mirror, ['config', '--file', path.join(mirror, 'config'), '--get', 'remote.origin.url'], { okExitCodes: [1] });
  const { url } = parseRemoteUrl(stdout.trim());
  return { url, shown: redactRemoteUrl(url) };
}

function assertCommitId(remote: Remote, refs: string[], commit: string): void {
  if (!/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(commit)) throw new RemotePushError(remote.shown, refs, `expected a full commit id, got ${JSON.stringify(commit)}`);
}

function wipRef(taskId: string): string {
  assertTaskId(taskId, 'the task id');
  // A task id may hold `..` or end in `.lock`, which no ref may.
  assertBranchName(`${WIP_PREFIX.slice('refs/'.length)}${taskId}`);
  return `${WIP_PREFIX}${taskId}`;
}

/** Returns `<home>/mirrors/<projectId>.git`, where this host keeps its bare mirror of a project's remote. */
export function mirrorPath(home: string, projectId: string): string {
  return path.join(dataPaths(home).mirrors, `${projectId}.git`);
}

export interface EnsureMirrorInput extends NetworkOptions {
  /** The data dir of this host. */
  home: string;
  projectId: string;
  remoteUrl: string;
}

async function createMirror(target: string, url: string): Promise<void> {
  ensurePrivateDir(path.dirname(target));
  // Built aside and renamed into place, so a mirror is never seen half made and of two racing callers one wins.
  const tmp = fs.mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}.tmp-`));
  try {
    await runGit(tmp, ['init', '--quiet', '--bare']);
    await runGit(tmp, ['config', 'remote.origin.url', url]);
    for (const refspec of FETCH_REFSPECS) await runGit(tmp, ['config', '--add', 'remote.origin.fetch', refspec]);
    fs.renameSync(tmp, target);
  } catch (err) {
    const lostRace = (err as NodeJS.ErrnoException).code === 'ENOTEMPTY' || (err as NodeJS.ErrnoException).code === 'EEXIST';
    if (!lostRace || !fs.existsSync(target)) throw err;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Returns the path of the project's bare mirror (`mirrorPath`), creating it when absent, with
 * `origin` at `remoteUrl`, and pointing an existing one's `origin` at `remoteUrl` when it changed.
 * Touches no network (`env` is accepted and unused). Idempotent and safe when called twice at once.
 * Throws `RemoteUrlError` for an unusable URL, `InvalidIdError` for an unusable project id and
 * `GitError` when git fails.
 */
export async function ensureMirror(input: EnsureMirrorInput): Promise<string> {
  const { url } = parseRemoteUrl(input.remoteUrl);
  assertTaskId(input.projectId, 'the project id');
  const target = mirrorPath(input.home, input.projectId);
  if (!fs.existsSync(target)) await createMirror(target, url);
  const { stdout } = await runGit(target, ['config', '--get', 'remote.origin.url'], { okExitCodes: [1] });
  if (stdout.trim() !== url) await runGit(target, ['config', 'remote.origin.url', url]);
  return target;
}

export interface FetchMirrorResult {
  /** Branch name → tip: the remote's branches after the fetch, plus this host's own task branches. */
  heads: Record<string, string>;
}

async function readHeads(mirror: string): Promise<Record<string, string>> {
  const { stdout } = await runGit(mirror, ['for-each-ref', '--format=%(objectname) %(refname)', 'refs/heads/']);
  const lines = stdout.split('\n').filter(Boolean);
  // fromEntries, not assignment: a branch may be called `__proto__`.
  return Object.fromEntries(lines.map((line) => [line.slice(line.indexOf(' ') + 1 + 'refs/heads/'.length), line.slice(0, line.indexOf(' '))]));
}

async function fetchRefs(mirror: string, remote: Remote, refspecs: string[], env: NetworkOptions['env']): Promise<void> {
  try {
    const args = [...NETWORK_CONFIG, 'fetch', '--quiet', '--no-tags', '--prune', '--', remote.url, ...refspecs];
    await oneAtATime(mirror, () => runGit(mirror, args, { env: networkEnv(mirror, env) }));
  } catch (err) {
    throw err instanceof GitError ? new RemoteFetchError(remote.shown, err.stderrTail) : err;
  }
}

/**
 * Fetches the remote's branches and `refs/ringmaster/*` into the mirror, deleting those gone from
 * the remote (task branches under `ringmaster/` are left alone), and returns the branch tips.
 * Throws `RemoteFetchError` when the remote cannot be fetched from, `RemoteUrlError` when the
 * mirror's origin is no longer a usable URL.
 */
export async function fetchMirror(mirror: string, options: NetworkOptions = {}): Promise<FetchMirrorResult> {
  await fetchRefs(mirror, await originOf(mirror), FETCH_REFSPECS, options.env);
  return { heads: await readHeads(mirror) };
}

/** Pushes with `--porcelain`; exit 1 (some ref refused) is returned for the caller to judge. */
async function push(mirror: string, remote: Remote, refspecs: string[], refs: string[], env: NetworkOptions['env'], flags: string[] = []): Promise<GitResult> {
  try {
    return await runGit(mirror, [...NETWORK_CONFIG, 'push', '--porcelain', ...flags, '--', remote.url, ...refspecs], { env: networkEnv(mirror, env), okExitCodes: [1] });
  } catch (err) {
    throw err instanceof GitError ? new RemotePushError(remote.shown, refs, err.stderrTail) : err;
  }
}

/** The porcelain line of `ref` when the push refused it, e.g. `!\t<sha>:refs/heads/main\t[rejected] (fetch first)`. */
function refusal(result: GitResult, ref: string): string | undefined {
  return result.stdout.split('\n').find((line) => line.startsWith('!\t') && line.split('\t')[1]?.endsWith(`:${ref}`));
}

function refusalReason(result: GitResult, ref: string): string {
  const summary = refusal(result, ref)?.split('\t')[2];
  const tail = outputTail(result.stderr);
  return summary ? `${summary}${tail ? ` | ${tail}` : ''}` : tail;
}

export interface PushBranchInput extends NetworkOptions {
  branch: string;
  /** Full id of the commit the remote branch is to point at. */
  commit: string;
}

/**
 * Points the remote's `branch` at `commit`: forced for task branches (`ringmaster/…`, which their
 * task owns), a fast-forward otherwise. Throws `RemotePushError` when the push fails or is refused,
 * `InvalidBranchNameError` for an unusable branch name.
 */
export async function pushBranch(mirror: string, input: PushBranchInput): Promise<void> {
  const ref = `refs/heads/${assertBranchName(input.branch)}`;
  const remote = await originOf(mirror);
  assertCommitId(remote, [ref], input.commit);
  const force = input.branch.startsWith(TASK_BRANCH_PREFIX) ? '+' : '';
  const result = await push(mirror, remote, [`${force}${input.commit}:${ref}`], [ref], input.env);
  if (result.exitCode !== 0) throw new RemotePushError(remote.shown, [ref], refusalReason(result, ref));
}

export interface PushWorkInProgressInput extends NetworkOptions {
  taskId: string;
  commit: string;
}

/**
 * Points `refs/ringmaster/wip/<taskId>` on the remote at `commit`, forced (it is the task's latest
 * state), so another host can resume the task. Throws `InvalidIdError` for an unusable task id,
 * `RemotePushError` when the push fails.
 */
export async function pushWorkInProgress(mirror: string, input: PushWorkInProgressInput): Promise<void> {
  const ref = wipRef(input.taskId);
  const remote = await originOf(mirror);
  assertCommitId(remote, [ref], input.commit);
  const result = await push(mirror, remote, [`+${input.commit}:${ref}`], [ref], input.env);
  if (result.exitCode !== 0) throw new RemotePushError(remote.shown, [ref], refusalReason(result, ref));
}

/**
 * Fetches `refs/ringmaster/wip/<taskId>` from the remote into the mirror and returns its commit,
 * or undefined (dropping the mirror's copy) when the remote has none. Throws `InvalidIdError` for
 * an unusable task id, `RemoteFetchError` when the remote cannot be fetched from.
 */
export async function fetchWorkInProgress(mirror: string, taskId: string, options: NetworkOptions = {}): Promise<string | undefined> {
  const ref = wipRef(taskId);
  try {
    await fetchRefs(mirror, await originOf(mirror), [`+${ref}:${ref}`], options.env);
  } catch (err) {
    // git's only way of saying "no such ref" is this message (runGit makes it English).
    if (!(err instanceof RemoteFetchError && /couldn't find remote ref/.test(err.stderrTail))) throw err;
    await oneAtATime(mirror, () => runGit(mirror, ['update-ref', '-d', ref]));
    return undefined;
  }
  return resolveCommit(mirror, ref);
}

/**
 * Deletes `refs` (full names under `refs/heads/ringmaster/` or `refs/ringmaster/`) on the remote,
 * typically a merged task's branch and WIP ref; refs the remote does not have are fine. The
 * mirror's own copies are left for the next fetch or `removeWorktree`. Throws `RemotePushError`
 * when the push fails or a ref is outside those prefixes.
 */
export async function deleteRemoteRefs(mirror: string, refs: readonly string[], options: NetworkOptions = {}): Promise<void> {
  if (refs.length === 0) return;
  const remote = await originOf(mirror);
  for (const ref of refs) {
    assertBranchName(ref);
    if (!DELETABLE_PREFIXES.some((prefix) => ref.startsWith(prefix))) {
      throw new RemotePushError(remote.shown, [...refs], `only refs under ${DELETABLE_PREFIXES.join(' or ')} are deleted, not ${ref}`);
    }
  }
  const result = await push(
    mirror,
    remote,
    refs.map((ref) => `:${ref}`),
    [...refs],
    options.env,
  );
  if (result.exitCode !== 0) throw new RemotePushError(remote.shown, [...refs], outputTail(`${result.stdout}\n${result.stderr}`));
}

export interface PushDefaultBranchInput extends NetworkOptions {
  branch: string;
  /** The remote's tip the caller integrated onto (from the last fetch). */
  from: string;
  /** The new tip; `from` must be one of its ancestors. */
  to: string;
}

/**
 * Moves the remote's `branch` from `from` to `to`, a fast-forward and only if the remote is still
 * at `from` (`--force-with-lease`). Returns `pushed` (the mirror's `branch` is then `to` too) or
 * `rejected` when someone else moved it first (fetch, integrate again, retry).
 * Throws `NotFastForwardError` when `to` does not contain `from`, `RemotePushError` for any other
 * failure (unreachable, refused by the server, no credential), `GitError` when either commit is
 * not in the mirror.
 */
export async function pushDefaultBranch(mirror: string, input: PushDefaultBranchInput): Promise<'pushed' | 'rejected'> {
  const ref = `refs/heads/${assertBranchName(input.branch)}`;
  const remote = await originOf(mirror);
  assertCommitId(remote, [ref], input.from);
  assertCommitId(remote, [ref], input.to);
  if (!(await isAncestor(mirror, input.from, input.to))) throw new NotFastForwardError(input.branch, input.from, input.to);
  const result = await push(mirror, remote, [`${input.to}:${ref}`], [ref], input.env, [`--force-with-lease=${ref}:${input.from}`]);
  if (result.exitCode !== 0) {
    if (refusal(result, ref)?.split('\t')[2]?.startsWith('[rejected]')) return 'rejected';
    throw new RemotePushError(remote.shown, [ref], refusalReason(result, ref));
  }
  await oneAtATime(mirror, () => runGit(mirror, ['update-ref', ref, input.to]));
  return 'pushed';
}

/**
 * Fetches the task branch `ringmaster/<taskId>` another host pushed into this mirror as
 * `refs/ringmaster/candidates/<taskId>` (task branches under refs/heads are this host's own) and
 * returns its commit. Throws RemoteFetchError when the remote cannot be reached or lacks the branch.
 */
export async function fetchTaskBranch(mirror: string, taskId: string, options: NetworkOptions = {}): Promise<string> {
  assertTaskId(taskId, 'the task id');
  const ref = `refs/ringmaster/candidates/${taskId}`;
  assertBranchName(ref.slice('refs/'.length));
  await fetchRefs(mirror, await originOf(mirror), [`+refs/heads/ringmaster/${taskId}:${ref}`], options.env);
  return (await resolveCommit(mirror, ref))!;
}
