import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { apiTokenFile, ensureInstallToken, readClientToken } from '../../access/install-token.js';
import { ConfigError } from '../../config/config-error.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';

let home: string;
beforeEach(() => {
  home = path.join(makeTempDir(), 'home');
});
afterEach(() => removeDir(path.dirname(home)));

describe('the install token', () => {
  it('is generated once into <home>/api-token, 43 base64url characters, readable by its owner only', () => {
    expect(readClientToken(home, undefined)).toBeUndefined();
    const token = ensureInstallToken(home, undefined);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fs.statSync(apiTokenFile(home)).mode & 0o777).toBe(0o600);
    expect(ensureInstallToken(home, undefined)).toBe(token);
    expect(readClientToken(home, undefined)).toBe(token);
    expect(ensureInstallToken(makeTempDir(), undefined)).not.toBe(token);
  });

  it('is RINGMASTER_API_TOKEN when that is set, and then no file is written', () => {
    expect(ensureInstallToken(home, 'x'.repeat(40))).toBe('x'.repeat(40));
    expect(fs.existsSync(apiTokenFile(home))).toBe(false);
  });

  it('refuses a token file someone shortened', () => {
    fs.mkdirSync(home, { recursive: true });
    fs.writeFileSync(apiTokenFile(home), 'short\n');
    expect(() => ensureInstallToken(home, undefined)).toThrow(ConfigError);
    expect(() => ensureInstallToken(home, undefined)).toThrow('at least 32 are needed');
  });
});
