import fs from 'node:fs/promises';
import path from 'node:path';
import { SHIPPED_FILE_NAME_MAX, SHIPPED_FILE_NAME_PATTERN } from '../model/shipped-files.js';
import type { SendTaskFile } from './send-task-file.js';

export interface TaskFileShipperOptions {
  /** Sends one chunk (createTaskFileSender in production); resolves the control plane's size of the file. */
  send: SendTaskFile;
  /** How often a followed task's folder is looked at. */
  intervalMs?: number;
  /** The most bytes per request (the control plane takes up to 1 MiB). */
  chunkBytes?: number;
  /** Told when shipping fails (a pino logger will do). */
  logger?: { warn(details: object, message: string): void } | undefined;
}

/** One task whose files are being shipped, shared by every follow of it. */
interface Follower {
  taskId: string;
  dir: string;
  refs: number;
  /** Per file name, the size the control plane confirmed. */
  confirmed: Map<string, number>;
  /** True while a tick is pending or running. */
  armed: boolean;
  timer: NodeJS.Timeout | undefined;
  failures: number;
  /** Drains run one after the other, so a chunk is never sent twice at once. */
  queue: Promise<unknown>;
}

const MAX_BACKOFF_MS = 5_000;
const FLUSH_DEADLINE_MS = 10_000;
const SHIPPED = new RegExp(SHIPPED_FILE_NAME_PATTERN);

class DeadlinePassed extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Settles as `work` does, or rejects with DeadlinePassed at `deadline` (a send that hangs). */
async function withDeadline(work: Promise<void>, deadline: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new DeadlinePassed('the last flush ran out of time')), Math.max(0, deadline - Date.now()));
  });
  try {
    await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function shippableNames(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).filter((name) => name.length <= SHIPPED_FILE_NAME_MAX && SHIPPED.test(name)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/**
 * Mirrors the files of the tasks a host worker runs (agent and test logs, setup log, prompts and
 * their reports) into the control plane's data dir while they grow, chunk by chunk, so that
 * `GET /api/tasks/:id/logs?follow=true` there sees new lines within about `intervalMs`. Returns
 * `follow`; nothing it does throws: a failed send is retried from the last confirmed offset
 * with a backoff of up to 5 s, because shipping must never fail a task.
 */
export function createTaskFileShipper(options: TaskFileShipperOptions) {
  const { send, intervalMs = 250, chunkBytes = 256 * 1024, logger } = options;
  const followers = new Map<string, Follower>();

  async function shipFile(f: Follower, name: string, deadline: number): Promise<void> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(path.join(f.dir, name), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    try {
      const size = (await handle.stat()).size;
      let offset = f.confirmed.get(name) ?? 0;
      while (offset < size) {
        if (Date.now() > deadline) throw new DeadlinePassed(`the last flush of task ${f.taskId} ran out of time`);
        const buffer = Buffer.alloc(Math.min(chunkBytes, size - offset));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        if (bytesRead === 0) return;
        const confirmed = (await send(f.taskId, name, offset, buffer.subarray(0, bytesRead))).size;
        f.confirmed.set(name, confirmed);
        // A control plane that took nothing (it should not) is asked again next tick instead of in a spin.
        if (confirmed === offset) return;
        offset = confirmed;
      }
    } finally {
      await handle.close();
    }
  }

  async function drain(f: Follower, deadline = Infinity): Promise<void> {
    for (const name of await shippableNames(f.dir)) await shipFile(f, name, deadline);
  }

  const exclusive = (f: Follower, run: () => Promise<void>): Promise<void> => {
    const next = f.queue.then(run);
    f.queue = next.catch(() => undefined);
    return next;
  };

  function arm(f: Follower, delayMs: number): void {
    f.armed = true;
    f.timer = setTimeout(() => void tick(f), delayMs);
    // A follower alone never keeps the worker process alive.
    f.timer.unref();
  }

  async function tick(f: Follower): Promise<void> {
    f.timer = undefined;
    let delay = intervalMs;
    try {
      await exclusive(f, () => drain(f));
      f.failures = 0;
    } catch (err) {
      f.failures += 1;
      delay = Math.min(MAX_BACKOFF_MS, intervalMs * 2 ** f.failures);
      if (f.failures % 10 === 1) logger?.warn({ err, taskId: f.taskId, failures: f.failures }, `shipping the files of task ${f.taskId} failed; retrying in ${delay} ms`);
    }
    // A follow that came after the last stop has armed a tick of its own already.
    if (f.timer) return;
    if (f.refs > 0 && f.armed) arm(f, delay);
    else f.armed = false;
  }

  /** Ships everything there is now, retrying failures until the deadline; never throws. */
  async function flush(f: Follower): Promise<void> {
    const deadline = Date.now() + FLUSH_DEADLINE_MS;
    for (let failures = 1; ; failures += 1) {
      try {
        await withDeadline(
          exclusive(f, () => drain(f, deadline)),
          deadline,
        );
        return;
      } catch (err) {
        const wait = Math.min(MAX_BACKOFF_MS, intervalMs * 2 ** failures);
        if (err instanceof DeadlinePassed || Date.now() + wait >= deadline) {
          logger?.warn({ err, taskId: f.taskId }, `the last files of task ${f.taskId} could not all be shipped within ${FLUSH_DEADLINE_MS / 1000} s`);
          return;
        }
        await sleep(wait);
      }
    }
  }

  return {
    /**
     * Ships the files of `taskId` found in `dir` (its local logs folder) until `stop()`, which
     * ships what is left (for up to 10 s) and resolves; it never rejects. Several follows of one
     * task share one follower, which ends with the last stop.
     */
    follow(taskId: string, dir: string): { stop(): Promise<void> } {
      let f = followers.get(taskId);
      if (!f) {
        f = { taskId, dir, refs: 0, confirmed: new Map(), armed: false, timer: undefined, failures: 0, queue: Promise.resolve() };
        followers.set(taskId, f);
      }
      const follower = f;
      follower.refs += 1;
      if (!follower.armed) arm(follower, 0);
      let stopped = false;
      return {
        async stop() {
          if (stopped) return;
          stopped = true;
          follower.refs -= 1;
          if (follower.refs === 0) {
            clearTimeout(follower.timer);
            follower.timer = undefined;
            follower.armed = false;
          }
          await flush(follower);
          // A follow that came while flushing keeps the follower (and its confirmed offsets).
          if (follower.refs === 0 && followers.get(taskId) === follower) followers.delete(taskId);
        },
      };
    },
  };
}

/** What createTaskFileShipper returns. */
export type TaskFileShipper = ReturnType<typeof createTaskFileShipper>;
