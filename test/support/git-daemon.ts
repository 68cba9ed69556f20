import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort } from './free-port.js';
import { removeDir } from './temp-dir.js';
import { makeTempGitRepo } from './temp-git-repo.js';

export interface GitDaemon {
  /** `git://127.0.0.1:<port>/<name>` for the repository `<baseDir>/<name>`. */
  url(name: string): string;
  port: number;
  /** Stops the daemon and resolves once it has exited. */
  close(): Promise<void>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts a real `git daemon` on 127.0.0.1 serving (fetch and push, no access control) every
 * repository under `baseDir` (created if missing), and resolves once it accepts connections. Rejects with its output
 * when it exits first or is not listening within 10 s.
 */
export async function startGitDaemon(baseDir: string): Promise<GitDaemon> {
  fs.mkdirSync(baseDir, { recursive: true });
  const port = await freePort();
  const child = spawn('git', ['daemon', '--reuseaddr', '--export-all', '--enable=receive-pack', '--informative-errors', `--base-path=${baseDir}`, '--listen=127.0.0.1', `--port=${port}`, baseDir], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`git daemon on port ${port} did not start: ${stderr.trim() || 'no output'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    port,
    url: (name) => `git://127.0.0.1:${port}/${name}`,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Creates `<baseDir>/<name>` as a bare repository whose `main` holds one commit of `files`
 * (relative path → content), and returns its path. Throws if git fails.
 */
export function makeBareRemote(baseDir: string, name: string, files: Record<string, string>): string {
  const work = makeTempGitRepo(files);
  const bare = path.join(baseDir, name);
  try {
    fs.mkdirSync(baseDir, { recursive: true });
    execFileSync('git', ['clone', '--quiet', '--bare', work, bare], { stdio: 'pipe' });
  } finally {
    removeDir(work);
  }
  return bare;
}
