import fs from 'node:fs';
import path from 'node:path';
import { writePrivateFile } from '../config/private-files.js';
import { judgeBranchMove, RINGMASTER_REFLOG_PREFIX, type BranchStep, type ReflogEntry } from './judge-branch-move.js';
import { findCheckoutOf, listWorktrees } from './list-worktrees.js';
import { branchTip } from './read-refs.js';
import { runGit } from './run-git.js';

/** What of a project's repository an agent must leave alone, as it was before the agent ran. */
export interface RepositorySnapshot {
  repoPath: string;
  commonDir: string;
  branch: string;
  tip: string | undefined;
  reflogLength: number;
  config: Buffer | undefined;
  hooks: Map<string, { data: Buffer; mode: number }>;
}

/** One thing an agent changed outside its worktree, and whether it was put back. */
export interface GuardViolation {
  what: 'default-branch' | 'git-config' | 'git-hooks';
  detail: string;
  undone: boolean;
}

async function readReflog(repoPath: string, branch: string): Promise<ReflogEntry[]> {
  const { stdout, exitCode } = await runGit(repoPath, ['reflog', 'show', '--format=%H%x09%gs', `refs/heads/${branch}`, '--'], { okExitCodes: [128] });
  if (exitCode !== 0) return [];
  // Newest first from git; oldest first here.
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => ({ commit: line.slice(0, line.indexOf('\t')), message: line.slice(line.indexOf('\t') + 1) }))
    .reverse();
}

function readHooks(dir: string): Map<string, { data: Buffer; mode: number }> {
  const hooks = new Map<string, { data: Buffer; mode: number }>();
  if (!fs.existsSync(dir)) return hooks;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(dir, entry.name);
    hooks.set(entry.name, { data: fs.readFileSync(file), mode: fs.statSync(file).mode & 0o777 });
  }
  return hooks;
}

const readIfExists = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file) : undefined);

/**
 * Notes the default branch (tip and reflog), the shared `.git/config` and `.git/hooks` of the
 * repository at `repoPath`, before an agent runs in one of its worktrees.
 */
export async function snapshotRepository(repoPath: string, branch: string): Promise<RepositorySnapshot> {
  const commonDir = path.resolve(repoPath, (await runGit(repoPath, ['rev-parse', '--git-common-dir'])).stdout.trim());
  return {
    repoPath,
    commonDir,
    branch,
    tip: await branchTip(repoPath, branch),
    reflogLength: (await readReflog(repoPath, branch)).length,
    config: readIfExists(path.join(commonDir, 'config')),
    hooks: readHooks(path.join(commonDir, 'hooks')),
  };
}

/**
 * The commits made in the agent's worktree: what its HEAD reflog records as committed there
 * (commit, amend, a merge commit), not what it merely checked out or fast-forwarded to.
 */
async function commitsMadeIn(worktreePath: string): Promise<Set<string>> {
  const { stdout, exitCode } = await runGit(worktreePath, ['reflog', 'show', '--format=%H%x09%gs', 'HEAD', '--'], { okExitCodes: [128] });
  if (exitCode !== 0) return new Set();
  const made = stdout.split('\n').filter((line) => {
    const message = line.slice(line.indexOf('\t') + 1);
    return message.startsWith('commit') || message.includes(': Merge made by');
  });
  return new Set(made.map((line) => line.slice(0, line.indexOf('\t'))));
}

/** True when the commits `from..to` added include one made in the agent's worktree. */
async function carriesWork(repoPath: string, from: string | undefined, to: string, made: Set<string>): Promise<boolean> {
  if (made.size === 0) return false;
  const added = (await runGit(repoPath, ['rev-list', to, ...(from ? [`^${from}`] : []), '--'])).stdout.split('\n').filter(Boolean);
  return added.some((commit) => made.has(commit));
}

/** Puts the branch back: in its checkout when it has one (files too), else by compare-and-swap. */
async function restoreBranch(snapshot: RepositorySnapshot, from: string | undefined, to: string): Promise<boolean> {
  const checkout = findCheckoutOf(await listWorktrees(snapshot.repoPath), snapshot.branch);
  if (checkout && from) {
    // --keep refuses when it would lose a local change; then only the ref goes back.
    const reset = await runGit(checkout.path, ['reset', '--keep', to], { okExitCodes: [1, 128] });
    if (reset.exitCode === 0) return true;
  }
  const moved = await runGit(snapshot.repoPath, ['update-ref', '-m', 'ringmaster: undo an agent moving the branch', `refs/heads/${snapshot.branch}`, to, ...(from ? [from] : [''])], {
    okExitCodes: [1, 128],
  });
  return moved.exitCode === 0;
}

async function checkBranch(snapshot: RepositorySnapshot, worktreePath: string): Promise<GuardViolation | undefined> {
  const after = await branchTip(snapshot.repoPath, snapshot.branch);
  if (after === snapshot.tip) return undefined;
  const reflog = await readReflog(snapshot.repoPath, snapshot.branch);
  const kept = reflog.length > snapshot.reflogLength;
  // Without a reflog (a bare repository keeps none) the whole change is one step.
  const entries: ReflogEntry[] = kept ? reflog.slice(snapshot.reflogLength) : after ? [{ commit: after, message: '' }] : [];
  const made = await commitsMadeIn(worktreePath);
  const steps: BranchStep[] = [];
  let previous = snapshot.tip;
  for (const entry of entries) {
    const ours = entry.message.startsWith(RINGMASTER_REFLOG_PREFIX);
    steps.push({ commit: entry.commit, ours, carriesAgentWork: !ours && (await carriesWork(snapshot.repoPath, previous, entry.commit, made)) });
    previous = entry.commit;
  }
  const move = judgeBranchMove(snapshot.tip, after, steps);
  if (move.kind !== 'violation') return undefined;
  const undone = move.restoreTo !== undefined && (await restoreBranch(snapshot, after, move.restoreTo));
  const short = (commit: string | undefined) => commit?.slice(0, 12) ?? '(none)';
  return {
    what: 'default-branch',
    detail: `moved ${snapshot.branch} from ${short(move.from)} to ${short(move.to)}${undone ? `; put back at ${short(move.restoreTo)}` : '; could not put it back'}`,
    undone,
  };
}

function checkConfig(snapshot: RepositorySnapshot): GuardViolation | undefined {
  const file = path.join(snapshot.commonDir, 'config');
  const now = readIfExists(file);
  if ((now === undefined && snapshot.config === undefined) || (now && snapshot.config && now.equals(snapshot.config))) return undefined;
  if (snapshot.config) writePrivateFile(file, snapshot.config);
  else fs.rmSync(file, { force: true });
  return { what: 'git-config', detail: `changed ${file}; restored it`, undone: true };
}

function checkHooks(snapshot: RepositorySnapshot): GuardViolation | undefined {
  const dir = path.join(snapshot.commonDir, 'hooks');
  const now = readHooks(dir);
  const changed = [...new Set([...now.keys(), ...snapshot.hooks.keys()])].filter((name) => {
    const a = now.get(name);
    const b = snapshot.hooks.get(name);
    return !a || !b || !a.data.equals(b.data) || a.mode !== b.mode;
  });
  if (changed.length === 0) return undefined;
  for (const name of changed) {
    const file = path.join(dir, name);
    const was = snapshot.hooks.get(name);
    if (!was) fs.rmSync(file, { force: true });
    else {
      fs.writeFileSync(file, was.data);
      fs.chmodSync(file, was.mode);
    }
  }
  return { what: 'git-hooks', detail: `changed ${changed.map((name) => `hooks/${name}`).join(', ')} in ${snapshot.commonDir}; restored them`, undone: true };
}

/**
 * Compares the repository with the snapshot taken before the agent ran in `worktreePath`, and
 * undoes what the agent changed outside its worktree: a default branch carrying its work (moved
 * without the merge queue), the shared git config, the hooks. Returns what it found.
 */
export async function restoreRepository(snapshot: RepositorySnapshot, worktreePath: string): Promise<GuardViolation[]> {
  const found = [checkConfig(snapshot), checkHooks(snapshot), await checkBranch(snapshot, worktreePath)];
  return found.filter((violation): violation is GuardViolation => violation !== undefined);
}
