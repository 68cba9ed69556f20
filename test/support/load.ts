import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const GENERATOR = fileURLToPath(new URL('./load-generator.mjs', import.meta.url));

export interface LoadOptions {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** Paths requested in turn on each connection (default `/`). */
  paths?: string[];
  /** Requests per second, overall. */
  rate: number;
  headers?: Record<string, string>;
  /** Keep-alive connections (default min(10, rate)). */
  connections?: number;
  /** A request without an answer after this long counts as a timeout (default 10). */
  timeoutSeconds?: number;
  /** The load stops by itself after this long (default 600). */
  maxDurationSeconds?: number;
}

/** What the load saw; `errors` counts every request with no HTTP answer (see load-generator.mjs). */
export interface LoadSummary {
  /** Responses received. */
  requests: number;
  sent: number;
  errors: number;
  dropped: number;
  non2xx: number;
  timeouts: number;
  /** Responses per status code. */
  statusCodes: Record<string, number>;
  latency: { p50: number; p99: number; max: number };
  /** The answers that were not 2xx, by path and status, with the body of one of them. */
  failures: { path: string; status: number; count: number; sample: string }[];
  durationMs: number;
}

export interface RunningLoad {
  /** Stops the load and resolves with its summary; rejects if the generator failed. */
  stop(): Promise<LoadSummary>;
}

/**
 * Starts test/support/load-generator.mjs (autocannon in its own Node process) at a fixed rate and
 * resolves once it runs. Rejects if the generator exits before it started.
 */
export async function startLoad(options: LoadOptions): Promise<RunningLoad> {
  const child = spawn(process.execPath, [GENERATOR, JSON.stringify(options)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('close', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('load-generator: started')) resolve();
    });
    void exited.then((status) => reject(new Error(`the load generator exited (${status}) before it started:\n${stderr}`)));
  });
  return {
    async stop() {
      child.stdin.end('stop\n');
      const status = await exited;
      const line = stdout.trim().split('\n').pop() ?? '';
      if (status !== 0 || !line.startsWith('{')) throw new Error(`the load generator failed (${status}):\n${stderr}${stdout}`);
      return JSON.parse(line) as LoadSummary;
    },
  };
}
