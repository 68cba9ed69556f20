import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import readline from 'node:readline';
import { DEFAULT_BACKOFF, nextRestart, type BackoffPolicy } from '../process/backoff.js';

/** How to run one child of the supervisor. */
export interface ProcessSpec {
  /** Short name used in messages and as the log prefix: temporal, worker, api. */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Every output line is appended here. */
  logFile: string;
  /** Node children get an IPC channel: it closes when the supervisor dies, and they stop. */
  ipc?: boolean;
  /** Also shows each output line to a person (the terminal). */
  echo?: (line: string) => void;
  /** Shows the supervisor's own notes about this child (crash, restart, forced kill). */
  note?: (message: string) => void;
  /** How long the child may take to exit after SIGTERM before its group gets SIGKILL. */
  stopGraceMs: number;
  backoff?: BackoffPolicy;
  /** The file mode mask the child starts with (e.g. 0o077: everything it creates is its user's only). */
  umask?: number;
}

type State = 'idle' | 'running' | 'waiting-to-restart' | 'stopping' | 'stopped';

const TAIL_LINES = 40;

/**
 * One supervised child process, in its own process group so that stopping it also stops
 * everything it started. Restarts it with backoff when it exits on its own.
 * Events: `started` (pid), `exit` (code, signal, willRestart), `message` (IPC message).
 */
export class ManagedProcess extends EventEmitter {
  private child: ChildProcess | undefined;
  private state: State = 'idle';
  private crashes = 0;
  private startedAt = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly recent: string[] = [];
  private readonly log: fs.WriteStream;
  private exited: Promise<void> = Promise.resolve();

  constructor(readonly spec: ProcessSpec) {
    super();
    this.log = fs.createWriteStream(spec.logFile, { flags: 'a', mode: 0o600 });
  }

  /** The pid of the running child (also its process group id), or undefined. */
  get pid(): number | undefined {
    return this.state === 'running' ? this.child?.pid : undefined;
  }

  get running(): boolean {
    return this.state === 'running';
  }

  /** The running child (for IPC helpers), or undefined. */
  get process(): ChildProcess | undefined {
    return this.state === 'running' ? this.child : undefined;
  }

  /** Sends an IPC message to the running child; returns false when it cannot. */
  send(message: unknown): boolean {
    const child = this.process;
    if (!child?.connected) return false;
    child.send(message as object);
    return true;
  }

  /** The last lines the child printed, for error messages. */
  tail(lines = 15): string[] {
    return this.recent.slice(-lines);
  }

  /** Spawns the child. Throws if the command cannot be spawned at all. */
  start(): void {
    const { spec } = this;
    // A child inherits the mask at spawn, which is synchronous: setting it around the call is safe.
    const previousMask = spec.umask === undefined ? undefined : process.umask(spec.umask);
    let child: ChildProcess;
    try {
      child = spawn(spec.command, spec.args, {
        cwd: spec.cwd,
        env: spec.env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe', ...(spec.ipc ? (['ipc'] as const) : [])],
      });
    } finally {
      if (previousMask !== undefined) process.umask(previousMask);
    }
    this.child = child;
    this.state = 'running';
    this.startedAt = Date.now();
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.onExit(code, signal);
        resolve();
      });
    });
    child.once('error', (err) => this.recordNote(`${spec.name} failed to start: ${err.message}`));
    if (spec.ipc) child.on('message', (message) => this.emit('message', message));
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => this.recordLine(line));
    }
    if (child.pid !== undefined) this.emit('started', child.pid);
  }

  private recordLine(line: string): void {
    this.recent.push(line);
    if (this.recent.length > TAIL_LINES) this.recent.shift();
    this.log.write(`${line}\n`);
    this.spec.echo?.(line);
  }

  private recordNote(message: string): void {
    this.log.write(`[supervisor] ${message}\n`);
    this.spec.note?.(message);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    // Anything the child left behind in its group goes with it.
    this.signalGroup('SIGKILL');
    const wanted = this.state === 'stopping';
    const willRestart = !wanted && this.state === 'running';
    this.emit('exit', code, signal, willRestart);
    if (!willRestart) {
      this.state = 'stopped';
      return;
    }
    const { crashes, delayMs } = nextRestart(this.crashes, Date.now() - this.startedAt, this.spec.backoff ?? DEFAULT_BACKOFF);
    this.crashes = crashes;
    this.state = 'waiting-to-restart';
    this.recordNote(`${this.spec.name} exited (${signal ?? `code ${code}`}); restarting in ${delayMs} ms (crash ${crashes})`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.state === 'waiting-to-restart') this.start();
    }, delayMs);
  }

  private signalGroup(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // ESRCH: the group is already empty.
    }
  }

  /**
   * Stops the child for good: SIGTERM to its process group, SIGKILL after the grace time.
   * Resolves once the child has exited. Safe to call in any state.
   */
  async stop(graceMs = this.spec.stopGraceMs): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    // A draining child is still running: it gets SIGTERM and the grace time too.
    if (this.state !== 'running' && this.state !== 'stopping') {
      this.state = 'stopped';
      return;
    }
    this.state = 'stopping';
    this.signalGroup('SIGTERM');
    const timer = setTimeout(() => {
      this.recordNote(`${this.spec.name} did not exit within ${graceMs} ms; killing it`);
      this.signalGroup('SIGKILL');
    }, graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /**
   * Asks the child to drain (SIGUSR2: finish what it runs, take nothing new) and resolves when it
   * exited; it is not restarted. A later stop() still applies its grace time.
   */
  async drain(): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.state !== 'running') return;
    this.state = 'stopping';
    try {
      process.kill(this.child!.pid!, 'SIGUSR2');
    } catch {
      // Already gone.
    }
    await this.exited;
  }

  /** Kills the child's whole process group at once, with no restart (a forced shutdown). */
  kill(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.state = 'stopping';
    this.signalGroup('SIGKILL');
  }

  /** Closes the log file; call after stop(). */
  async close(): Promise<void> {
    if (this.log.writableFinished) return;
    await new Promise<void>((resolve) => this.log.end(resolve));
  }
}
