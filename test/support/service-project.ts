import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';
import { makeTempDir, removeDir } from './temp-dir.js';
import { makeTempGitRepo } from './temp-git-repo.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/service/', import.meta.url));

/** A deployable service in a temporary repository (test/fixtures/service), with its port and reload state. */
export interface ServiceProject {
  repo: string;
  port: number;
  stateDir: string;
  /** The body of POST /api/projects for it, under `name`. */
  projectBody(name: string, extra?: Record<string, unknown>): Record<string, unknown>;
  health(): Promise<{ status: number; body: { commit?: string; version?: string; pid?: number } } | undefined>;
  /** Stops the server it runs and removes its files. */
  close(): void;
}

export async function makeServiceProject(): Promise<ServiceProject> {
  const files = Object.fromEntries(['server.mjs', 'reload.mjs', 'check.mjs'].map((f) => [f, fs.readFileSync(path.join(FIXTURE, f), 'utf8')]));
  const repo = makeTempGitRepo({ ...files, VERSION: '1\n', '.gitignore': 'node_modules\n' });
  const stateDir = makeTempDir('ringmaster-service-');
  const port = await freePort();
  return {
    repo,
    port,
    stateDir,
    projectBody: (name, extra = {}) => ({
      name,
      repoPath: repo,
      testCommand: [process.execPath, 'check.mjs'],
      reloadCommand: [process.execPath, 'reload.mjs', stateDir, String(port)],
      healthUrl: `http://127.0.0.1:${port}/health`,
      ...extra,
    }),
    async health() {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health`);
        return { status: res.status, body: (await res.json()) as { commit?: string; version?: string; pid?: number } };
      } catch {
        return undefined;
      }
    },
    close() {
      const pidFile = path.join(stateDir, 'pid');
      if (fs.existsSync(pidFile)) {
        try {
          process.kill(Number(fs.readFileSync(pidFile, 'utf8')), 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      removeDir(repo);
      removeDir(stateDir);
    },
  };
}
