import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { AIDER_VERSION, ensureAider, findAider, installedAiderPath } from '../../toolchain/aider-cli.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';

// The install itself runs for real in the suites that drive aider (test/support/aider-test-env.ts);
// here: how a tools dir's install is recognised, and how installers share one install.

/** Leaves in `tools` what a finished install leaves: the virtualenv's marker, then the launcher. */
function completeInstall(tools: string, version = AIDER_VERSION): string {
  const venvBin = path.join(tools, 'aider', 'bin');
  fs.mkdirSync(venvBin, { recursive: true });
  fs.writeFileSync(path.join(venvBin, 'aider'), '#!/bin/sh\necho aider\n', { mode: 0o755 });
  fs.writeFileSync(path.join(tools, 'aider', '.ringmaster-installed'), `${version}\n`);
  fs.mkdirSync(path.join(tools, 'bin'), { recursive: true });
  fs.symlinkSync(path.join(venvBin, 'aider'), installedAiderPath(tools));
  return installedAiderPath(tools);
}

function withTools(test: (tools: string) => Promise<void> | void) {
  return async () => {
    const tools = makeTempDir('ringmaster-aider-tools-');
    try {
      await test(tools);
    } finally {
      removeDir(tools);
    }
  };
}

const NO_PATH = { PATH: '' };

describe('findAider', () => {
  it(
    'finds a complete install of the pinned version in the tools dir, and nothing else',
    withTools((tools) => {
      expect(findAider({ toolsDir: tools, env: NO_PATH })).toBeUndefined();
      const launcher = completeInstall(tools);
      expect(findAider({ toolsDir: tools, env: NO_PATH })).toBe(launcher);
      // Another version's install is not the pinned one.
      fs.writeFileSync(path.join(tools, 'aider', '.ringmaster-installed'), '0.1.0\n');
      expect(findAider({ toolsDir: tools, env: NO_PATH })).toBeUndefined();
    }),
  );

  it(
    "prefers aider on PATH, the user's own",
    withTools((tools) => {
      completeInstall(tools);
      const own = path.join(tools, 'own');
      fs.mkdirSync(own);
      fs.writeFileSync(path.join(own, 'aider'), '#!/bin/sh\n', { mode: 0o755 });
      expect(findAider({ toolsDir: tools, env: { PATH: own } })).toBe(path.join(own, 'aider'));
    }),
  );
});

describe('ensureAider', () => {
  it(
    'waits for an install another process is making and returns it, installing nothing itself',
    withTools(async (tools) => {
      fs.mkdirSync(path.join(tools, 'aider.installing'));
      const progress: string[] = [];
      const waiting = ensureAider({ toolsDir: tools, env: NO_PATH, onProgress: (line) => progress.push(line) });
      setTimeout(() => {
        completeInstall(tools);
        fs.rmSync(path.join(tools, 'aider.installing'), { recursive: true });
      }, 300);
      await expect(waiting).resolves.toBe(installedAiderPath(tools));
      expect(progress).toEqual([]);
    }),
  );

  it(
    'takes over the lock of an installer that died, and says how to install by hand when it cannot',
    withTools(async (tools) => {
      const lock = path.join(tools, 'aider.installing');
      fs.mkdirSync(lock);
      const hourAgo = new Date(Date.now() - 3_600_000);
      fs.utimesSync(lock, hourAgo, hourAgo);
      // No python3 on PATH: the install fails at once, with the ways to install it.
      await expect(ensureAider({ toolsDir: tools, env: NO_PATH })).rejects.toMatchObject({
        name: 'AiderInstallError',
        message: expect.stringMatching(/python3 not found on PATH[\s\S]*ringmaster doctor --install-aider[\s\S]*pip install aider-chat==0\.86\.2/),
      });
      expect(fs.existsSync(lock)).toBe(false);
    }),
  );
});
