/** What `POST /api/workers/spawn` asks for: one more local worker process. */
export interface SpawnWorkerRequest {
  /** Labels it advertises besides the agent CLIs it finds (`gpu`, `languages=python`). */
  capabilities: string[];
  /** Agent slots: how many agents it runs at once. */
  slots: number;
  /** Run it inside a tmux session named after it, so a person can attach and watch. */
  tmux: boolean;
}

/** A worker process this Ringmaster started. */
export interface SpawnedWorker {
  /** Its host id: its own worktrees and host task queue. */
  id: string;
  /** Its pid while it runs (it may be between a crash and its restart). */
  pid: number | null;
  capabilities: string[];
  slots: number;
  /** The tmux session it runs in (`tmux attach -t <session>`), or null. */
  tmuxSession: string | null;
  /** `draining` once asked to stop: it takes no new task and exits when what it holds is done. */
  state: 'running' | 'draining';
  startedAt: string;
  /** Where its output goes (null in tmux: the session shows it). */
  logFile: string | null;
}

/**
 * Starts and stops local worker processes. `ringmaster up` lends its own (the workers become
 * supervised children); a process without a supervisor, or a test, uses a local one.
 */
export interface WorkerSpawner {
  /** Starts a worker with a fresh host id; resolves once its process started. Throws WorkerSpawnError. */
  spawn(request: SpawnWorkerRequest): Promise<SpawnedWorker>;
  /**
   * Asks a spawned worker to drain (SIGUSR2) and resolves once the drain started; the worker exits
   * on its own when its work is done. Throws NotSpawnedError for an id it did not spawn.
   */
  stop(id: string): Promise<SpawnedWorker>;
  /** The workers it spawned that have not exited. */
  list(): Promise<SpawnedWorker[]>;
}

/** Thrown when a worker process could not be started (tmux missing, spawn failure). */
export class WorkerSpawnError extends Error {
  override readonly name = 'WorkerSpawnError';
}

/** Thrown when asked to stop a worker this spawner did not start (or that already exited). */
export class NotSpawnedError extends Error {
  override readonly name = 'NotSpawnedError';
  constructor(readonly workerId: string) {
    super(`worker ${workerId} was not spawned by this Ringmaster (or has exited)`);
  }
}

/** Thrown when nothing can spawn workers here (no supervisor reachable, spawner not configured). */
export class SpawnerUnavailableError extends Error {
  override readonly name = 'SpawnerUnavailableError';
}
