// Measures `ringmaster up` as a user runs it: time until GET /health answers 200 "ok" (cold: new
// data dir; warm: the same data dir again), the latency of /health itself, and the time from
// SIGTERM to exit. Run with `npm run bench:startup` (builds first). Prints figures; asserts nothing.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTemporalCli } from '../toolchain/temporal-cli.js';

const cliEntry = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function statusOf(url: string): Promise<string | undefined> {
  try {
    const res = await fetch(url);
    return res.status === 200 ? ((await res.json()) as { status: string }).status : undefined;
  } catch {
    return undefined;
  }
}

async function oneRun(home: string, bin: string): Promise<{ upMs: number; healthP50: number; healthP99: number; stopMs: number }> {
  const [api, temporal, ui] = [await freePort(), await freePort(), await freePort()];
  const started = performance.now();
  const child = spawn(process.execPath, [cliEntry, 'up', '--home', home, '--port', `${api}`, '--temporal-port', `${temporal}`, '--temporal-ui-port', `${ui}`], {
    env: { ...process.env, RINGMASTER_TEMPORAL_BIN: bin, RINGMASTER_LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${api}/health`;
  while ((await statusOf(url)) !== 'ok') {
    if (child.exitCode !== null) throw new Error('ringmaster up exited before it was healthy');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const upMs = performance.now() - started;
  const latencies: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    await statusOf(url);
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  const stopStarted = performance.now();
  child.kill('SIGTERM');
  const code = await exited;
  if (code !== 0) throw new Error(`ringmaster up exited with ${code}`);
  return { upMs, healthP50: latencies[99]!, healthP99: latencies[197]!, stopMs: performance.now() - stopStarted };
}

const { path: bin } = await ensureTemporalCli({ onProgress: console.log });
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ringmaster-bench-'));
console.log(`ringmaster up: ${rounds} rounds on ${os.cpus().length} cores, Node ${process.version}, dev server on SQLite`);
console.log('round  data dir  up→/health ok  /health p50  /health p99  SIGTERM→exit');
try {
  for (let i = 0; i < rounds; i++) {
    const r = await oneRun(home, bin);
    console.log(
      `${String(i + 1).padStart(5)}  ${(i === 0 ? 'new' : 'reused').padEnd(8)}  ${(r.upMs / 1000).toFixed(2).padStart(11)} s` +
        `  ${r.healthP50.toFixed(1).padStart(8)} ms  ${r.healthP99.toFixed(1).padStart(8)} ms  ${(r.stopMs / 1000).toFixed(2).padStart(10)} s`,
    );
  }
} finally {
  fs.rmSync(home, { recursive: true, force: true });
}
