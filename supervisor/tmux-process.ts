import { execa } from 'execa';
import { EventEmitter } from 'node:events';
import { DEFAULT_BACKOFF, nextRestart, type BackoffPolicy } from '../process/backoff.js';
import { isAlive } from '../process/run-state.js';
import { childBaseEnv } from '../process/child-env.js';
import { writeEnvFile } from '../config/env-file.js';
import { tmuxArgv } from './spawned-worker-command.js';
import { WorkerSpawnError } from './worker-spawner.js';

export interface TmuxProcessSpec {
  name: string;
  /** The tmux session it runs in. */
  session: string;
  /** The program and its arguments, run directly in the session's only pane. */
  argv: string[];
  env: NodeJS.ProcessEnv;
  /** Where the environment is written for the program to read at start (a private file). */
  envFile: string;
  /** The tmux binary. */
  tmux: string;
  /** How long it may take to exit after SIGTERM before its group gets SIGKILL. */
  stopGraceMs: number;
  note?: (message: string) => void;
  backoff?: BackoffPolicy;
  /** How often to look whether the process still lives (it is the tmux server's child, not ours). */
  pollMs?: number;
}

type State = 'idle' | 'running' | 'waiting-to-restart' | 'stopping' | 'stopped';

/**
 * A program run inside a detached tmux session, so a person can `tmux attach -t <session>` and
 * watch it; supervised like ManagedProcess: restarted with backoff when it exits on its own,
 * drained (SIGUSR2) or stopped (SIGTERM, then SIGKILL) on request. tmux makes the pane's program
 * a session leader, so signalling its process group reaches whatever it started.
 * Events: `started` (pid), `exit` (code, signal, willRestart) — code and signal are null: only
 * the tmux server sees them.
 */
export class TmuxProcess extends EventEmitter {
  private state: State = 'idle';
  private current: number | undefined;
  private crashes = 0;
  private startedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(readonly spec: TmuxProcessSpec) {
    super();
  }

  get pid(): number | undefined {
    return this.state === 'running' || this.state === 'stopping' ? this.current : undefined;
  }

  get running(): boolean {
    return this.state === 'running';
  }

  /** Starts the session; throws WorkerSpawnError when tmux fails (missing, session name taken). */
  async start(): Promise<void> {
    const { spec } = this;
    writeEnvFile(spec.envFile, spec.env);
    const result = await execa(spec.tmux, tmuxArgv(spec.session, spec.envFile, spec.argv), { reject: false, env: childBaseEnv(spec.env), timeout: 15_000 });
    const pid = Number(String(result.stdout ?? '').trim());
    if (result.failed || !Number.isInteger(pid) || pid <= 0) {
      const why = result.code === 'ENOENT' ? `${spec.tmux} not found (install tmux, or spawn without tmux)` : String(result.stderr || result.stdout || result.message).trim();
      throw new WorkerSpawnError(`tmux could not start ${spec.name} in session ${spec.session}: ${why}`);
    }
    this.current = pid;
    this.state = 'running';
    this.startedAt = Date.now();
    this.exited = new Promise((resolve) => {
      const watch = () => {
        if (isAlive(pid)) {
          this.timer = setTimeout(watch, spec.pollMs ?? 250);
          return;
        }
        this.onExit();
        resolve();
      };
      this.timer = setTimeout(watch, spec.pollMs ?? 250);
    });
    this.emit('started', pid);
  }

  private onExit(): void {
    this.signalGroup('SIGKILL');
    const willRestart = this.state === 'running';
    this.emit('exit', null, null, willRestart);
    if (!willRestart) {
      this.state = 'stopped';
      return;
    }
    const { crashes, delayMs } = nextRestart(this.crashes, Date.now() - this.startedAt, this.spec.backoff ?? DEFAULT_BACKOFF);
    this.crashes = crashes;
    this.state = 'waiting-to-restart';
    this.spec.note?.(`${this.spec.name} exited; restarting it in tmux session ${this.spec.session} in ${delayMs} ms (crash ${crashes})`);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.state !== 'waiting-to-restart') return;
      this.start().catch((err: Error) => {
        this.state = 'stopped';
        this.spec.note?.(err.message);
        this.emit('exit', null, null, false);
      });
    }, delayMs);
  }

  private signalGroup(signal: NodeJS.Signals): void {
    if (this.current === undefined) return;
    try {
      process.kill(-this.current, signal);
    } catch {
      // ESRCH: the group is already empty.
    }
  }

  /** Asks it to drain (SIGUSR2) and resolves once it exited; it is not restarted. */
  async drain(): Promise<void> {
    if (this.state === 'waiting-to-restart') {
      clearTimeout(this.timer);
      this.state = 'stopped';
      this.emit('exit', null, null, false);
      return;
    }
    if (this.state !== 'running') return this.exited;
    this.state = 'stopping';
    try {
      process.kill(this.current!, 'SIGUSR2');
    } catch {
      // Already gone.
    }
    await this.exited;
  }

  /** Stops it for good: SIGTERM to its group, SIGKILL after the grace time; resolves once it exited. */
  async stop(graceMs = this.spec.stopGraceMs): Promise<void> {
    if (this.state === 'waiting-to-restart' || this.state === 'idle') {
      clearTimeout(this.timer);
      const had = this.state === 'waiting-to-restart';
      this.state = 'stopped';
      if (had) this.emit('exit', null, null, false);
      return;
    }
    if (this.state === 'stopped') return;
    this.state = 'stopping';
    this.signalGroup('SIGTERM');
    const killer = setTimeout(() => {
      this.spec.note?.(`${this.spec.name} did not exit within ${graceMs} ms; killing it`);
      this.signalGroup('SIGKILL');
    }, graceMs);
    await this.exited;
    clearTimeout(killer);
  }

  /** Kills its process group at once, with no restart. */
  kill(): void {
    if (this.state === 'waiting-to-restart' || this.state === 'idle') {
      clearTimeout(this.timer);
      this.state = 'stopped';
      return;
    }
    if (this.state === 'stopped') return;
    this.state = 'stopping';
    this.signalGroup('SIGKILL');
  }
}
