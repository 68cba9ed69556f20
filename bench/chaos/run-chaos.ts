import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../../config/paths.js';
import { FINAL_STATUSES, type TaskStatus } from '../../model/task-status.js';
import { agentCommand, planChaos, PROJECT_FILES, type ChaosPlan, type ChaosSize } from './chaos-plan.js';
import { readExecutionStatuses } from './execution-statuses.js';
import { inflictKills, type KillRecord } from './inflict-kills.js';
import { commitsOfTask, extraWorktrees, fileOnBranch, taskBranches } from './inspect-repo.js';
import { judgeChaos, type ChaosVerdict, type ShutdownOutcome, type TaskOutcome } from './judge-chaos.js';
import { makeRepo } from '../support/make-repo.js';
import { commandOf, descendants, isRunning, processesUsing } from '../support/process-scan.js';
import { createRestClient, type RestClient } from '../support/rest-client.js';
import { startUp, type RunningUp } from '../support/ringmaster-up.js';
import { watchTasks } from './watch-tasks.js';

/** What a chaos run needs. */
export interface ChaosOptions {
  seed: number;
  size: ChaosSize;
  /** The Temporal CLI `up` runs its dev server with. */
  temporalBin: string;
  /** How long the tasks may take to end after the last kill. */
  finishTimeoutMs: number;
  /** Stops waiting earlier when no task changed for this long (they are stuck); default: finishTimeoutMs. */
  stallMs?: number;
  /** How long the system may take to come back after a kill; default 120 s. */
  recoveryLimitMs?: number;
  /** Progress lines (kills, phases). */
  log?: (line: string) => void;
  /** Keeps the run's temp dir (data dir with logs, repositories); it is always kept when a check fails. */
  keepDir?: boolean;
}

/** Everything a chaos run saw. */
export interface ChaosRun {
  plan: ChaosPlan;
  /** The run's temp dir when it was kept, else undefined. */
  dir: string | undefined;
  /** `up` started → /health ok. */
  startupMs: number;
  /** First task filed → every task final (or the give-up time when some never were). */
  wallMs: number;
  /** SIGTERM → `up` exited. */
  stopMs: number;
  kills: KillRecord[];
  outcomes: TaskOutcome[];
  verdict: ChaosVerdict;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface TaskView {
  id: string;
  workflowId: string;
  status: string;
  step: string;
  iterations: number;
  worktreeKept: boolean;
}

async function createProjects(rest: RestClient, plan: ChaosPlan, reposDir: string): Promise<Map<string, string>> {
  const repos = new Map<string, string>();
  for (const project of plan.projects) {
    const dir = path.join(reposDir, project);
    makeRepo(dir, PROJECT_FILES);
    const res = await rest.requestAnswered('POST', '/api/projects', { name: project, repoPath: dir, testCommand: [process.execPath, 'check.mjs'] });
    if (res.status !== 201) throw new Error(`POST /api/projects ${project}: ${res.status} ${JSON.stringify(res.body)}`);
    repos.set(project, dir);
  }
  return repos;
}

async function fileTasks(rest: RestClient, plan: ChaosPlan, runDir: string): Promise<string[]> {
  const agentsDir = path.join(packageRoot(), 'test', 'fixtures', 'agents');
  const ids: string[] = [];
  for (const task of plan.tasks) {
    const body = {
      project: task.project,
      title: task.title,
      agent: 'command',
      agentOptions: { command: agentCommand(task, { node: process.execPath, agentsDir, runDir }) },
      maxIterations: task.maxIterations,
    };
    // The key makes a retry after a lost answer return the task the first request filed.
    const res = await rest.requestAnswered<{ id: string }>('POST', '/api/tasks', body, { headers: { 'idempotency-key': `chaos-${plan.seed}-${task.key}` } });
    if (res.status !== 201 && res.status !== 200) throw new Error(`POST /api/tasks ${task.key}: ${res.status} ${JSON.stringify(res.body)}`);
    ids.push(res.body.id);
  }
  return ids;
}

/** SIGTERM to `up`; resolves with its exit and what of its process tree (or the run's dir) still runs 15 s later. */
async function stopUp(up: RunningUp, root: string): Promise<ShutdownOutcome> {
  const tree = new Set([up.pid, ...descendants(up.pid), ...processesUsing(root)]);
  process.kill(up.pid, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const exit = await Promise.race([up.exited, new Promise<string>((resolve) => (timer = setTimeout(() => resolve('no exit within 120 s'), 120_000)))]);
  clearTimeout(timer);
  const deadline = Date.now() + 15_000;
  const alive = () => [...new Set([...tree, ...processesUsing(root)])].filter(isRunning);
  while (alive().length && Date.now() < deadline) await sleep(200);
  return { exit, survivors: alive().map((pid) => `${pid} ${commandOf(pid)}`) };
}

function killTree(up: RunningUp): void {
  for (const pid of [up.pid, ...descendants(up.pid)]) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/**
 * Runs one chaos scenario drawn from `options.seed`: a real `ringmaster up` (the compiled CLI),
 * projects on temp git repositories, tasks with scripted agents, SIGKILLs of Temporal, the worker
 * and the API while they run; then waits for every task to end, reads the API, Temporal and the
 * repositories, stops `up` and judges. Throws only when the scenario cannot be set up.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosRun> {
  const log = options.log ?? (() => undefined);
  const plan = planChaos(options.seed, options.size);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ringmaster-chaos-'));
  const runDir = path.join(root, 'run');
  fs.mkdirSync(path.join(runDir, 'agent-starts'), { recursive: true });
  log(`seed ${plan.seed}: ${plan.tasks.length} tasks over ${plan.projects.length} projects, ${plan.kills.length} kills (${plan.kills.map((k) => k.target).join(', ')}); run dir ${root}`);

  const upStarted = Date.now();
  const up = await startUp({ cliEntry: path.join(packageRoot(), 'dist', 'cli', 'main.js'), home: path.join(root, 'home'), temporalBin: options.temporalBin });
  const startupMs = Date.now() - upStarted;
  let stopped = false;
  try {
    log(`ringmaster up healthy after ${(startupMs / 1000).toFixed(1)} s (API ${up.apiUrl}, Temporal ${up.temporalAddress})`);
    const rest = createRestClient(up.apiUrl, up.token);
    const repos = await createProjects(rest, plan, path.join(root, 'repos'));
    const startedAt = Date.now();
    const ids = await fileTasks(rest, plan, runDir);
    log(`filed ${ids.length} tasks in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    const answers = new Map(plan.tasks.flatMap((task, i) => (task.answer ? [[ids[i]!, task.answer] as const] : [])));
    const watch = watchTasks(rest, answers);
    const recoveryLimitMs = options.recoveryLimitMs ?? 120_000;
    const kills = await inflictKills(plan.kills, { up, rest, watch, taskIds: ids, startedAt, recoveryLimitMs, log });

    const killsEnded = Date.now();
    const deadline = killsEnded + options.finishTimeoutMs;
    const stallMs = options.stallMs ?? options.finishTimeoutMs;
    const stalled = () => Date.now() - killsEnded > stallMs && watch.progressAfter(Date.now() - stallMs) === undefined;
    while (!watch.allFinal(ids) && Date.now() < deadline && !stalled()) await sleep(250);
    const wallMs = Date.now() - startedAt;
    await watch.stop();
    const ended = watch.allFinal(ids) ? 'every task ended' : `gave up waiting for the tasks (${stalled() ? `none changed for ${stallMs / 1000} s` : 'timed out'})`;
    log(`${ended} ${(wallMs / 1000).toFixed(1)} s after the first was filed`);

    const views = await Promise.all(ids.map(async (id) => (await rest.requestAnswered<TaskView>('GET', `/api/tasks/${id}`)).body));
    const executions = await readExecutionStatuses(
      up.temporalAddress,
      views.map((v) => ({ id: v.workflowId, ended: FINAL_STATUSES.includes(v.status as TaskStatus) })),
    );
    const stopStarted = Date.now();
    const shutdown = await stopUp(up, root);
    stopped = true;
    const stopMs = Date.now() - stopStarted;
    log(`ringmaster up stopped in ${(stopMs / 1000).toFixed(1)} s with ${shutdown.exit}; ${shutdown.survivors.length} process(es) left`);

    // Read after `up` stopped: nothing can change the repositories any more.
    const outcomes = plan.tasks.map((task, i): TaskOutcome => {
      const view = views[i]!;
      const repo = repos.get(task.project)!;
      return {
        task,
        id: view.id,
        status: view.status,
        step: view.step,
        iterations: view.iterations,
        worktreeKept: view.worktreeKept,
        temporalStatus: executions.get(view.workflowId),
        commitsOnMain: commitsOfTask(repo, 'main', view.id),
        fileOnMain: fileOnBranch(repo, 'main', task.file),
      };
    });
    const leftovers = plan.projects.map((project) => ({ project, worktrees: extraWorktrees(repos.get(project)!), taskBranches: taskBranches(repos.get(project)!) }));
    const verdict = judgeChaos({ tasks: outcomes, repos: leftovers, shutdown, kills });
    const keep = options.keepDir || !verdict.ok;
    if (!keep) fs.rmSync(root, { recursive: true, force: true });
    return { plan, dir: keep ? root : undefined, startupMs, wallMs, stopMs, kills, outcomes, verdict };
  } catch (err) {
    log(`the chaos run failed; its dir is kept: ${root}\n--- ringmaster up output ---\n${up.output().slice(-4000)}`);
    throw err;
  } finally {
    if (!stopped) killTree(up);
  }
}
