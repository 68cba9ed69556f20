import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { dataPaths } from '../../config/paths.js';
import { createRunStateFile } from '../../process/run-state.js';

/** A `ringmaster up` running in the background on its own ports and data dir. */
export interface RunningUp {
  pid: number;
  home: string;
  apiUrl: string;
  temporalAddress: string;
  /** The admin token `up` wrote into the data dir. */
  token: string;
  /** Child name (temporal, worker, api) → pid, from `<home>/run/supervisor.json`; empty while it is being rewritten. */
  children(): Record<string, number>;
  /** Everything `up` printed so far. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once `up` ended. */
  exited: Promise<number | string>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function readChildren(home: string): Record<string, number> {
  const state = createRunStateFile(dataPaths(home).run).read();
  return Object.fromEntries(Object.entries(state?.children ?? {}).map(([name, { pid }]) => [name, pid]));
}

async function healthOk(apiUrl: string, tokenFile: string): Promise<boolean> {
  if (!fs.existsSync(tokenFile)) return false;
  try {
    const res = await fetch(`${apiUrl}/health`, { headers: { authorization: `Bearer ${fs.readFileSync(tokenFile, 'utf8').trim()}` }, signal: AbortSignal.timeout(5000) });
    return res.status === 200 && ((await res.json()) as { status: string }).status === 'ok';
  } catch {
    return false;
  }
}

/**
 * Starts the compiled `ringmaster up` (`cliEntry`, i.e. dist/cli/main.js) with free ports and
 * `--home home`, and resolves once GET /health says ok. Throws, with its output, when it exits
 * first or is not healthy within `timeoutMs`; it is then stopped.
 */
export async function startUp(options: { cliEntry: string; home: string; temporalBin: string; timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<RunningUp> {
  const { cliEntry, home, temporalBin, timeoutMs = 180_000 } = options;
  const [api, temporal, ui] = [await freePort(), await freePort(), await freePort()];
  const args = [cliEntry, 'up', '--home', home, '--port', String(api), '--temporal-port', String(temporal), '--temporal-ui-port', String(ui)];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, RINGMASTER_TEMPORAL_BIN: temporalBin, RINGMASTER_LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const apiUrl = `http://127.0.0.1:${api}`;
  const tokenFile = dataPaths(home).apiToken;
  const deadline = Date.now() + timeoutMs;
  while (!(await healthOk(apiUrl, tokenFile))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      child.kill('SIGTERM');
      await exited;
      throw new Error(`ringmaster up did not become healthy within ${timeoutMs} ms:\n${output.slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    pid: child.pid!,
    home,
    apiUrl,
    temporalAddress: `127.0.0.1:${temporal}`,
    token: fs.readFileSync(tokenFile, 'utf8').trim(),
    children: () => readChildren(home),
    output: () => output,
    exited,
  };
}
