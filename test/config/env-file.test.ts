import { afterEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { adoptEnvFile, writeEnvFile } from '../../config/env-file.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

describe('environment files', () => {
  it('hand an environment over privately: written 0600, adopted whole, then deleted', () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const file = path.join(dir, 'w.env.json');
    writeEnvFile(file, { A: '1', TOKEN: 's3cret', GONE: undefined });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const env: NodeJS.ProcessEnv = { RINGMASTER_ENV_FILE: file, FROM_TMUX_SERVER: 'x' };
    adoptEnvFile('RINGMASTER_ENV_FILE', env);
    expect(env).toEqual({ A: '1', TOKEN: 's3cret' });
    expect(fs.existsSync(file)).toBe(false);
  });

  it('does nothing without the variable', () => {
    const env: NodeJS.ProcessEnv = { A: '1' };
    adoptEnvFile('RINGMASTER_ENV_FILE', env);
    expect(env).toEqual({ A: '1' });
  });
});
