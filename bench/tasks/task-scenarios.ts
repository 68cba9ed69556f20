import fs from 'node:fs';
import path from 'node:path';
import { quantile } from '../localize/metrics.js';
import { treeCpuSeconds } from '../support/process-scan.js';
import type { RestClient } from '../support/rest-client.js';
import type { RunningUp } from '../support/ringmaster-up.js';

const FINAL = new Set(['completed', 'failed', 'cancelled', 'conflict']);

interface TaskRow {
  id: string;
  status: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Files a no-op task and returns its id and how long the POST took. Throws on anything but 201. */
async function fileTask(rest: RestClient, project: string, agent: readonly string[], n: number): Promise<{ id: string; postMs: number }> {
  const started = performance.now();
  const res = await rest.request<{ id: string }>('POST', '/api/tasks', {
    project,
    title: `no-op ${n}`,
    agent: 'command',
    agentOptions: { command: [...agent, `task-${n}.txt`, `${n}\n`] },
    maxIterations: 1,
  });
  const postMs = performance.now() - started;
  if (res?.status !== 201) throw new Error(`POST /api/tasks answered ${res ? `${res.status} ${JSON.stringify(res.body)}` : 'nothing'}`);
  return { id: res.body.id, postMs };
}

/** Polls one task every `everyMs` until it is final; returns its status. */
async function waitFinal(rest: RestClient, id: string, everyMs: number, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await rest.request<TaskRow>('GET', `/api/tasks/${id}`);
    if (res?.status === 200 && FINAL.has(res.body.status)) return res.body.status;
    if (Date.now() > deadline) throw new Error(`task ${id} did not finish within ${timeoutMs} ms (last: ${res?.body?.status ?? 'no answer'})`);
    await sleep(everyMs);
  }
}

export interface SequentialResult {
  /** POST → completed, each task. */
  totalMs: number[];
  statuses: string[];
}

/** Files `count` no-op tasks one after another, each once the previous completed. */
export async function runSequential(rest: RestClient, project: string, agent: readonly string[], count: number): Promise<SequentialResult> {
  const totalMs: number[] = [];
  const statuses: string[] = [];
  for (let n = 0; n < count; n++) {
    const started = performance.now();
    const { id } = await fileTask(rest, project, agent, n);
    statuses.push(await waitFinal(rest, id, 10, 120_000));
    totalMs.push(performance.now() - started);
  }
  return { totalMs, statuses };
}

export interface BurstResult {
  tasks: number;
  completed: number;
  /** Tasks that did not end completed (failed, stuck or missing): lost work. */
  lost: number;
  seconds: number;
  tasksPerSecond: number;
  postP50Ms: number;
  postP95Ms: number;
  cpuSecondsPerTask: number;
  /** The same CPU by child of `up` (temporal, worker, api, with what each started), and `up` itself. */
  cpuSecondsPerTaskBy: Record<string, number>;
}

/**
 * Files `count` tasks at once, round-robin over `projects`, then waits until every one is final.
 * CPU is what `up`'s whole process tree (Temporal, worker, API, git, agents) used meanwhile.
 */
export async function runBurst(up: RunningUp, rest: RestClient, projects: readonly string[], agent: readonly string[], count: number, timeoutMs: number): Promise<BurstResult> {
  const cpuBefore = treeCpuSeconds(up.pid);
  const children = up.children();
  const childBefore = Object.fromEntries(Object.entries(children).map(([name, pid]) => [name, treeCpuSeconds(pid)]));
  const started = performance.now();
  const filed = await Promise.all(Array.from({ length: count }, (_, n) => fileTask(rest, projects[n % projects.length]!, agent, 1000 + n)));
  const ids = new Set(filed.map((f) => f.id));
  const final = new Map<string, string>();
  const deadline = Date.now() + timeoutMs;
  while (final.size < ids.size && Date.now() < deadline) {
    await sleep(200);
    const res = await rest.request<{ items: TaskRow[] }>('GET', '/api/tasks?limit=200');
    for (const task of res?.body?.items ?? []) if (ids.has(task.id) && FINAL.has(task.status)) final.set(task.id, task.status);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = treeCpuSeconds(up.pid) - cpuBefore;
  const cpuSecondsPerTaskBy = Object.fromEntries(Object.entries(children).map(([name, pid]) => [name, (treeCpuSeconds(pid) - childBefore[name]!) / count]));
  cpuSecondsPerTaskBy.up = cpu / count - Object.values(cpuSecondsPerTaskBy).reduce((sum, n) => sum + n, 0);
  const completed = [...final.values()].filter((status) => status === 'completed').length;
  const posts = filed.map((f) => f.postMs);
  return {
    tasks: count,
    completed,
    lost: count - completed,
    seconds,
    tasksPerSecond: completed / seconds,
    postP50Ms: quantile(posts, 0.5),
    postP95Ms: quantile(posts, 0.95),
    cpuSecondsPerTask: cpu / count,
    cpuSecondsPerTaskBy,
  };
}

export interface ResumeResult {
  /** SIGKILL of the worker → the agent running again (the retried attempt started it). */
  killToAgentMs: number;
  /** SIGKILL → the task completed. */
  killToCompletedMs: number;
  status: string;
}

/** Runs a task whose agent works `workMs`, SIGKILLs `up`'s worker while it runs, and times the recovery. */
export async function runResumeAfterKill(up: RunningUp, rest: RestClient, project: string, slowAgent: readonly string[], dir: string, workMs: number): Promise<ResumeResult> {
  const started = path.join(dir, 'slow-agent-started');
  const res = await rest.request<{ id: string }>('POST', '/api/tasks', {
    project,
    title: 'resume after a kill',
    agent: 'command',
    agentOptions: { command: [...slowAgent, started, String(workMs), 'slow.txt'] },
    maxIterations: 1,
  });
  if (res?.status !== 201) throw new Error(`POST /api/tasks answered ${res?.status ?? 'nothing'}`);
  const lines = () => (fs.existsSync(started) ? fs.readFileSync(started, 'utf8').trim().split('\n').filter(Boolean).length : 0);
  while (lines() === 0) await sleep(20);
  const worker = up.children().worker;
  if (!worker) throw new Error('up has no worker child to kill');
  const killedAt = performance.now();
  process.kill(worker, 'SIGKILL');
  while (lines() < 2) {
    if (performance.now() - killedAt > 180_000) throw new Error('the agent did not run again within 180 s of the kill');
    await sleep(20);
  }
  const killToAgentMs = performance.now() - killedAt;
  const status = await waitFinal(rest, res.body.id, 20, 180_000);
  return { killToAgentMs, killToCompletedMs: performance.now() - killedAt, status };
}

export interface ListLoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

/** GETs `url` from `connections` loops for `durationMs`; each loop waits for its answer before the next request. */
export async function runListLoad(baseUrl: string, token: string, url: string, connections: number, durationMs: number): Promise<ListLoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + durationMs;
  const loop = async () => {
    while (performance.now() < end) {
      const started = performance.now();
      try {
        const res = await fetch(`${baseUrl}${url}`, { headers: { authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        if (res.status !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, loop));
  const seconds = (performance.now() - started) / 1000;
  return { requestsPerSecond: latencies.length / seconds, p50Ms: quantile(latencies, 0.5), p99Ms: quantile(latencies, 0.99), errors };
}
