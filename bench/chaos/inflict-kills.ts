import type { PlannedKill } from './chaos-plan.js';
import type { RestClient } from '../support/rest-client.js';
import type { RunningUp } from '../support/ringmaster-up.js';
import type { TaskWatch } from './watch-tasks.js';

/** One SIGKILL and how the system took it. */
export interface KillRecord {
  n: number;
  target: string;
  pid: number;
  /** When it was sent, in ms since the chaos began. */
  atMs: number;
  /** Tasks not yet final at that moment. */
  unfinished: number;
  /** The replacement `up` started. */
  newPid: number | null;
  /** Kill → the replacement recorded, /health ok and a worker heartbeat sent after the kill; null: not within the limit. */
  backMs: number | null;
  /** Kill → the first task change after it (a projection write); null: none within the limit, or every task had ended. */
  progressMs: number | null;
}

/** What the kills need from the run around them. */
export interface KillContext {
  up: RunningUp;
  rest: RestClient;
  watch: TaskWatch;
  taskIds: readonly string[];
  /** ms since the epoch the chaos began at (kill times are relative to it). */
  startedAt: number;
  /** How long the system may take to come back (and a task to progress) after a kill. */
  recoveryLimitMs: number;
  log: (line: string) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(read: () => T | undefined | Promise<T | undefined>, limitMs: number, intervalMs = 100): Promise<T | undefined> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await read();
    if (value !== undefined || Date.now() > deadline) return value;
    await sleep(intervalMs);
  }
}

interface Health {
  status: string;
  workers: { list: { pid: number; lastHeartbeat: string }[] };
}

/**
 * Back after a kill at `killedAt`: `up` recorded a new pid for the target, /health answers ok,
 * and the recorded worker heartbeated after the kill (so Temporal, the worker and the API all
 * work again, not a cached health answer from before). Resolves with the new pid.
 */
async function backAfter(ctx: KillContext, target: string, killedPid: number, killedAt: number): Promise<number | undefined> {
  const children = ctx.up.children();
  const pid = children[target];
  if (pid === undefined || pid === killedPid) return undefined;
  const res = await ctx.rest.request<Health>('GET', '/health');
  if (res?.status !== 200 || res.body.status !== 'ok') return undefined;
  const worker = res.body.workers.list.find((w) => w.pid === children.worker);
  return worker && Date.parse(worker.lastHeartbeat) > killedAt ? pid : undefined;
}

/**
 * SIGKILLs the planned targets one after the other: waits the kill's pause, kills the pid `up`
 * recorded for the target, waits for the system to be back and for a task to progress (unless
 * all have ended), then goes on. Stops early, keeping what it saw, when the system did not come back.
 */
export async function inflictKills(kills: readonly PlannedKill[], ctx: KillContext): Promise<KillRecord[]> {
  const records: KillRecord[] = [];
  for (const [i, kill] of kills.entries()) {
    await sleep(kill.pauseMs);
    const pid = await until(() => ctx.up.children()[kill.target], ctx.recoveryLimitMs);
    if (pid === undefined) throw new Error(`ringmaster up records no ${kill.target} to kill:\n${ctx.up.output().slice(-3000)}`);
    const unfinished = ctx.taskIds.filter((id) => !ctx.watch.allFinal([id])).length;
    process.kill(pid, 'SIGKILL');
    const killedAt = Date.now();
    const newPid = await until(() => backAfter(ctx, kill.target, pid, killedAt), ctx.recoveryLimitMs, 200);
    const backMs = newPid === undefined ? null : Date.now() - killedAt;
    const progressed = await until(() => ctx.watch.progressAfter(killedAt) ?? (ctx.watch.allFinal(ctx.taskIds) ? null : undefined), ctx.recoveryLimitMs, 200);
    const record: KillRecord = {
      n: i + 1,
      target: kill.target,
      pid,
      atMs: killedAt - ctx.startedAt,
      unfinished,
      newPid: newPid ?? null,
      backMs,
      progressMs: typeof progressed === 'number' ? progressed - killedAt : null,
    };
    records.push(record);
    const secs = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);
    ctx.log(
      `kill ${record.n}/${kills.length} at ${secs(record.atMs)}: ${kill.target} pid ${pid} (${unfinished} tasks unfinished) → back ${secs(backMs)} (pid ${newPid ?? '—'}), task progress ${secs(record.progressMs)}`,
    );
    if (backMs === null) break;
  }
  return records;
}
