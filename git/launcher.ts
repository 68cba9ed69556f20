import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../config/paths.js';
import { collectProcess, type CollectRequest, type CollectResult } from './collect-process.js';
import type { LaunchMessage } from './launcher-child.js';

/**
 * Runs short commands (git) from a small process of its own instead of this one. A fork copies
 * the page tables of the process that forks: from a worker of several hundred MB each git
 * command cost ~9 ms of the worker's CPU, with its event loop stopped, and a task runs dozens.
 * The launcher's process is started on first use, started again after it died, and ends with
 * this one (it never keeps it alive).
 */
export interface Launcher {
  run(request: CollectRequest): Promise<CollectResult>;
  /** The launcher's process, while one runs. */
  readonly pid: number | undefined;
  /** Ends the launcher's process once what runs there finished. */
  close(): Promise<void>;
}

type Answer = CollectResult & { id: number };

/** A launcher whose process runs `childScript` (the compiled git/launcher-child.js). */
export function createLauncher(childScript: string): Launcher {
  let child: ChildProcess | undefined;
  let nextId = 0;
  // A launcher that cannot run (its script missing, or it dies before it ever answers) is not
  // tried again: this process spawns its commands itself, as it would without one.
  let unusable = !fs.existsSync(childScript);
  const pending = new Map<number, (result: CollectResult) => void>();

  const idle = () => {
    // Waiting for answers keeps this process alive; an idle launcher does not.
    if (pending.size === 0) child?.channel?.unref();
  };

  const start = (): ChildProcess => {
    const started = fork(childScript, [], {
      // Its own process group: a terminal's Ctrl-C reaches the process that started it, which
      // decides; the launcher ends when that one is gone, after what it runs.
      detached: true,
      execArgv: [],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'json',
    });
    started.unref();
    let answered = false;
    started.on('message', (answer: Answer) => {
      answered = true;
      const done = pending.get(answer.id);
      pending.delete(answer.id);
      idle();
      const { id: _id, ...result } = answer;
      done?.(result);
    });
    started.once('exit', (code, signal) => {
      if (child === started) child = undefined;
      if (!answered && signal === null && code !== 0) unusable = true;
      // What was asked of a launcher that died may or may not have run: its callers decide (activities retry).
      const failure = `was not run to its end: the launcher process ended (${signal ?? `exit ${code}`})`;
      for (const [id, done] of pending) {
        pending.delete(id);
        done({ stdout: '', stderr: '', exitCode: null, signal: null, failure });
      }
    });
    // A launcher that cannot start is reported by its exit.
    started.on('error', () => undefined);
    return started;
  };

  return {
    get pid() {
      return child?.pid;
    },
    run(request) {
      if (unusable) return collectProcess(request);
      child ??= start();
      const running = child;
      const id = ++nextId;
      return new Promise<CollectResult>((resolve) => {
        pending.set(id, resolve);
        running.channel?.ref();
        const message: LaunchMessage = { id, ...request };
        running.send(message, (err) => {
          if (!err || !pending.has(id)) return;
          pending.delete(id);
          idle();
          resolve({ stdout: '', stderr: '', exitCode: null, signal: null, failure: `was not run: the launcher process could not be reached (${err.message})` });
        });
      });
    },
    async close() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      // Waited for: this process stays until the launcher is gone.
      running.ref();
      running.disconnect();
      await exited;
    },
  };
}

/** The compiled launcher-child.js: next to this file in dist/, or in dist/ when this runs from the sources (tests). */
export function launcherChildScript(): string {
  const sibling = fileURLToPath(new URL('./launcher-child.js', import.meta.url));
  return fs.existsSync(sibling) ? sibling : path.join(packageRoot(), 'dist', 'git', 'launcher-child.js');
}

let current: Launcher | undefined;

/**
 * Makes this process run its git commands through `launcher`. Returns the way back: this process
 * spawns them itself again, unless another launcher was put in use meanwhile.
 */
export function useLauncher(launcher: Launcher): () => void {
  current = launcher;
  return () => {
    if (current === launcher) current = undefined;
  };
}

/** Runs a short command to its end, through this process's launcher when it has one. Never rejects. */
export function launch(request: CollectRequest): Promise<CollectResult> {
  return current ? current.run(request) : collectProcess(request);
}
