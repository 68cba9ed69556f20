import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { buildReleaseDir, type ReleaseBuild } from '../../release/build-release-dir.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';

// A real build command in a real directory: it runs once with the release's variables, links the
// shared paths first, and a failed build leaves nothing that would make a retry skip it.

describe('buildReleaseDir', () => {
  let home: string;
  let dir: string;
  let checkout: string;
  beforeEach(() => {
    home = makeTempDir('ringmaster-release-build-');
    dir = path.join(home, 'releases', 'abc123');
    checkout = path.join(home, 'checkout');
    fs.mkdirSync(dir, { recursive: true });
    fs.mkdirSync(path.join(checkout, 'node_modules', 'dep'), { recursive: true });
    fs.writeFileSync(path.join(checkout, 'node_modules', 'dep', 'index.js'), 'module.exports = 1;\n');
  });
  afterEach(() => removeDir(home));

  // Appends one line per run to build-runs.txt, with the variables it was given and whether the link was there.
  const counting = [
    process.execPath,
    '-e',
    "const fs = require('fs'); fs.appendFileSync('build-runs.txt', [process.env.RINGMASTER_RELEASE_DIR, process.env.RINGMASTER_RELEASE_COMMIT, process.env.RINGMASTER_PROJECT, fs.existsSync('node_modules/dep/index.js')].join(' ') + '\\n')",
  ];
  const build = (buildCommand: string[] | null): ReleaseBuild => ({
    dir,
    commit: 'abc123',
    projectName: 'demo',
    linkFrom: checkout,
    linkFiles: ['node_modules'],
    buildCommand,
    logFile: path.join(home, 'logs', 'build.log'),
  });
  const runs = () => fs.readFileSync(path.join(dir, 'build-runs.txt'), 'utf8').trim().split('\n');

  it('links the shared paths, builds once with the release variables, and reuses the build', async () => {
    expect(await buildReleaseDir(build(counting))).toMatchObject({ ok: true });
    expect(runs()).toEqual([`${dir} abc123 demo true`]);
    expect(fs.lstatSync(path.join(dir, 'node_modules')).isSymbolicLink()).toBe(true);

    expect(await buildReleaseDir(build(counting))).toMatchObject({ ok: true });
    expect(runs()).toHaveLength(1);
  });

  it('gives a failed build back and builds again on the next call', async () => {
    const failing = [process.execPath, '-e', "require('fs').appendFileSync('build-runs.txt', 'x\\n'); console.error('tsc: 3 errors'); process.exit(2)"];
    const failed = await buildReleaseDir(build(failing));
    expect(failed).toMatchObject({ ok: false, exitCode: 2, end: 'exit 2' });
    if (failed.ok) throw new Error('unreachable');
    expect(failed.failure).toMatch(/^build command .* failed \(exit 2\): .*tsc: 3 errors/);

    await buildReleaseDir(build(failing));
    expect(runs()).toHaveLength(2);
  });

  it('is ready at once for a project without a build command', async () => {
    expect(await buildReleaseDir(build(null))).toMatchObject({ ok: true });
    expect(fs.existsSync(path.join(dir, 'node_modules'))).toBe(true);
  });
});
