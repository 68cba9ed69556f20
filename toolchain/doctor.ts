import Database from 'better-sqlite3';
import { execa } from 'execa';
import fs from 'node:fs';
import type { Settings } from '../config/settings.js';
import { AGENT_EXECUTABLES } from '../model/agents.js';
import { findAgentExecutable } from './agent-executable.js';
import { findOnPath } from './find-executable.js';
import { findTemporalCli, temporalCliVersion } from './temporal-cli.js';

/** One line of `ringmaster doctor`. */
export interface Check {
  name: string;
  /** A missing required check makes `doctor` exit non-zero. */
  required: boolean;
  ok: boolean;
  detail: string;
}

const MIN_NODE = [20, 3] as const;

async function versionOf(command: string, args: string[] = ['--version']): Promise<string> {
  const { stdout } = await execa(command, args, { timeout: 15_000, reject: true });
  return stdout.trim().split('\n')[0] ?? '';
}

function checkNode(): Check {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return { name: 'node', required: true, ok, detail: ok ? process.version : `${process.version}; need >= ${MIN_NODE.join('.')}` };
}

async function checkProgram(env: NodeJS.ProcessEnv, name: string, required: boolean, why: string, args?: string[]): Promise<Check> {
  const found = findOnPath(name, env.PATH);
  if (!found) return { name, required, ok: false, detail: `not found on PATH (${why})` };
  try {
    return { name, required, ok: true, detail: `${await versionOf(found, args)} (${found})` };
  } catch (err) {
    return { name, required, ok: false, detail: `${found} does not run: ${(err as Error).message.split('\n')[0]}` };
  }
}

/** How to install an agent CLI that is missing. */
const AGENT_INSTALL_HINTS: Record<string, string> = {
  aider: '`ringmaster doctor --install-aider` installs it into the tools dir',
};

/** An agent CLI, named by its agent id: its version and where it is (PATH or the tools dir), or why it cannot run. */
async function checkAgent(env: NodeJS.ProcessEnv, agent: string, executable: string): Promise<Check> {
  const name = agent === executable ? agent : `${agent} (${executable})`;
  const found = findAgentExecutable(executable, env);
  if (!found) {
    const hint = AGENT_INSTALL_HINTS[agent] ?? 'install it to use this agent';
    return { name, required: false, ok: false, detail: `not found on PATH or in the tools dir (agent ${agent} unavailable; ${hint})` };
  }
  try {
    return { name, required: false, ok: true, detail: `${await versionOf(found)} (${found})` };
  } catch (err) {
    return { name, required: false, ok: false, detail: `${found} does not run: ${(err as Error).message.split('\n')[0]}` };
  }
}

function checkSqlite(): Check {
  try {
    const db = new Database(':memory:');
    const { version } = db.prepare('SELECT sqlite_version() AS version').get() as { version: string };
    db.close();
    return { name: 'sqlite', required: true, ok: true, detail: `SQLite ${version} via better-sqlite3` };
  } catch (err) {
    return { name: 'sqlite', required: true, ok: false, detail: `better-sqlite3 does not load: ${(err as Error).message} (run npm rebuild better-sqlite3)` };
  }
}

async function checkTemporal(settings: Settings, env: NodeJS.ProcessEnv): Promise<Check> {
  const required = settings.temporal.embedded;
  const { found, attempts } = findTemporalCli({ env });
  if (!found) {
    const why = required ? '`ringmaster doctor --fix` or `ringmaster up` installs it' : `not needed: using the cluster at ${settings.temporal.address}`;
    return { name: 'temporal', required, ok: false, detail: `not found (${why}); tried: ${attempts.join('; ')}` };
  }
  try {
    return { name: 'temporal', required, ok: true, detail: `${await temporalCliVersion(found.path)} at ${found.path} [${found.source}]` };
  } catch (err) {
    return { name: 'temporal', required, ok: false, detail: `${found.path} does not run: ${(err as Error).message.split('\n')[0]}` };
  }
}

function checkDataDir(home: string): Check {
  try {
    fs.mkdirSync(home, { recursive: true });
    fs.accessSync(home, fs.constants.W_OK);
    return { name: 'data dir', required: true, ok: true, detail: `${home} (writable)` };
  } catch (err) {
    return { name: 'data dir', required: true, ok: false, detail: `${home} is not writable: ${(err as Error).message}` };
  }
}

/**
 * Checks what Ringmaster needs on this machine. The Temporal CLI is required only for the
 * embedded dev server (not when TEMPORAL_ADDRESS names a cluster). Never installs anything.
 */
export async function runDoctor(settings: Settings, env: NodeJS.ProcessEnv = process.env): Promise<Check[]> {
  return Promise.all([
    Promise.resolve(checkNode()),
    checkProgram(env, 'git', true, 'worktrees and merges need git'),
    Promise.resolve(checkSqlite()),
    checkTemporal(settings, env),
    Promise.resolve(checkDataDir(settings.home)),
    checkProgram(env, 'python3', false, 'used to install the Temporal CLI from PyPI'),
    checkProgram(env, 'go', false, 'fallback to build the Temporal CLI', ['version']),
    ...Object.entries(AGENT_EXECUTABLES).map(([agent, executable]) => checkAgent(env, agent, executable)),
  ]);
}

/** Renders checks as aligned lines: ✓ ok, ✗ required and failing, - optional and missing. */
export function formatChecks(checks: readonly Check[]): string {
  const width = Math.max(...checks.map((c) => c.name.length));
  return checks.map((c) => `${c.ok ? '✓' : c.required ? '✗' : '-'} ${c.name.padEnd(width)}  ${c.detail}`).join('\n');
}
