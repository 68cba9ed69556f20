import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot, toolsDir } from '../config/paths.js';
import { findOnPath, isExecutable } from './find-executable.js';

/** The Aider version Ringmaster installs (PyPI `aider-chat`; its dependencies are pinned too). */
export const AIDER_VERSION = '0.86.2';

/** How long a second installer waits for the first one before giving up. */
const INSTALL_WAIT_MS = 10 * 60_000;
/** A lock older than this was left by an installer that died: it is taken over. */
const STALE_LOCK_MS = 15 * 60_000;
const INSTALLED_MARKER = '.ringmaster-installed';

export interface AiderInstallOptions {
  /** Folder of project-installed tools; Aider's virtualenv goes to `<tools>/aider`, its launcher to `<tools>/bin/aider`. */
  toolsDir?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** Reports each install step to a person (installs are never silent). */
  onProgress?: (message: string) => void;
}

/** Thrown when Aider cannot be installed; the message says what failed and how to install it by hand. */
export class AiderInstallError extends Error {
  override readonly name = 'AiderInstallError';
  constructor(reason: string) {
    super(
      [
        `Aider ${AIDER_VERSION} could not be installed: ${reason}`,
        'Install it one of these ways, then run again:',
        '  - ringmaster doctor --install-aider (Python 3.10-3.12 with venv, and PyPI)',
        `  - python3 -m pip install aider-chat==${AIDER_VERSION} (puts aider on your PATH)`,
      ].join('\n'),
    );
  }
}

/** The launcher a finished install leaves in the tools dir. */
export function installedAiderPath(dir: string): string {
  return path.join(dir, 'bin', 'aider');
}

function venvDir(dir: string): string {
  return path.join(dir, 'aider');
}

/** Returns the tools dir's Aider when a complete install of the pinned version is there. */
function installedAider(dir: string): string | undefined {
  const launcher = installedAiderPath(dir);
  try {
    const marker = fs.readFileSync(path.join(venvDir(dir), INSTALLED_MARKER), 'utf8').trim();
    return marker === AIDER_VERSION && isExecutable(launcher) ? launcher : undefined;
  } catch {
    return undefined;
  }
}

/** Returns `aider` on PATH, else the tools dir's installed copy, else undefined. Installs nothing. */
export function findAider(options: Pick<AiderInstallOptions, 'toolsDir' | 'env'> = {}): string | undefined {
  const env = options.env ?? process.env;
  return findOnPath('aider', env.PATH) ?? installedAider(options.toolsDir ?? toolsDir(env));
}

/** Takes the install lock (an atomic mkdir); returns false while another live installer holds it. */
function takeLock(lock: string): boolean {
  try {
    fs.mkdirSync(lock);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const age = Date.now() - fs.statSync(lock, { throwIfNoEntry: false })!.mtimeMs;
    if (age > STALE_LOCK_MS) {
      fs.rmSync(lock, { recursive: true, force: true });
      return takeLock(lock);
    }
    return false;
  }
}

async function install(dir: string, env: Readonly<Record<string, string | undefined>>, progress: (m: string) => void): Promise<string> {
  const python = findOnPath('python3', env.PATH) ?? findOnPath('python', env.PATH);
  if (!python) throw new AiderInstallError('python3 not found on PATH');
  const venv = venvDir(dir);
  fs.rmSync(venv, { recursive: true, force: true });
  progress(`Installing Aider ${AIDER_VERSION} from PyPI (aider-chat, pinned dependencies) into ${venv} ...`);
  const requirements = path.join(packageRoot(), 'toolchain', 'aider.requirements.txt');
  // pip's own settings (PIP_INDEX_URL …) reach pip; nothing else of the environment is needed.
  const pipEnv = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[0].startsWith('PIP_') && e[1] !== undefined));
  try {
    await execa(python, ['-m', 'venv', venv]);
    await execa(path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', '--only-binary=:all:', '-r', requirements], { env: pipEnv });
  } catch (err) {
    const e = err as { stderr?: string; shortMessage?: string };
    throw new AiderInstallError((e.stderr ?? '').trim().split('\n').slice(-3).join(' | ') || e.shortMessage || String(err));
  }
  const launcher = installedAiderPath(dir);
  fs.mkdirSync(path.dirname(launcher), { recursive: true });
  fs.writeFileSync(path.join(venv, INSTALLED_MARKER), `${AIDER_VERSION}\n`);
  // Last: a launcher in <tools>/bin means a complete install (findAgentExecutable looks there).
  fs.rmSync(launcher, { force: true });
  fs.symlinkSync(path.join(venv, 'bin', 'aider'), launcher);
  return launcher;
}

/**
 * Returns a runnable Aider: `aider` on PATH, else the pinned version in the tools dir, installing
 * it there (a virtualenv from PyPI, ~40 s) when missing. Two processes installing at once share
 * one install: the second waits for the first. Throws AiderInstallError when it cannot install.
 */
export async function ensureAider(options: AiderInstallOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const dir = options.toolsDir ?? toolsDir(env);
  const progress = options.onProgress ?? (() => undefined);
  const deadline = Date.now() + INSTALL_WAIT_MS;
  fs.mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, 'aider.installing');
  for (;;) {
    const found = findAider({ toolsDir: dir, env });
    if (found) return found;
    if (takeLock(lock)) break;
    if (Date.now() > deadline) throw new AiderInstallError(`another install (${lock}) did not finish within ${INSTALL_WAIT_MS / 60_000} minutes`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  try {
    // Another installer may have finished between the check and the lock.
    const launcher = installedAider(dir) ?? (await install(dir, env, progress));
    progress(`Installed ${launcher}`);
    return launcher;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
