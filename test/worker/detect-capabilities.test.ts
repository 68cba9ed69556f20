import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { detectAgentCapabilities, workerCapabilities } from '../../worker/detect-capabilities.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';

function executable(dir: string, name: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), '#!/bin/sh\n', { mode: 0o755 });
}

describe('detectAgentCapabilities', () => {
  it('finds agent CLIs on the PATH and in the tools dir, and always offers command', () => {
    const dir = makeTempDir('ringmaster-capabilities-');
    try {
      executable(path.join(dir, 'path'), 'claude');
      executable(path.join(dir, 'tools', 'bin'), 'aider');
      // Not executable: not an agent this host can run.
      fs.writeFileSync(path.join(dir, 'path', 'codex'), '');
      const env = { PATH: path.join(dir, 'path'), RINGMASTER_TOOLS_DIR: path.join(dir, 'tools') };
      expect(detectAgentCapabilities(env)).toEqual(['claude-code', 'aider', 'command']);
      expect(workerCapabilities(['gpu', 'aider'], env)).toEqual(['claude-code', 'aider', 'command', 'gpu']);
      expect(detectAgentCapabilities({ PATH: '', RINGMASTER_TOOLS_DIR: path.join(dir, 'none') })).toEqual(['command']);
    } finally {
      removeDir(dir);
    }
  });
});
