import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import { ConfigError } from '../../config/config-error.js';
import { openSecret, sealSecret, SecretUnreadableError } from '../../secrets/secret-cipher.js';
import { ensureSecretKey, secretKeyFile } from '../../secrets/secret-key.js';
import { createSecretVault, SecretMissingError, type SecretVault } from '../../secrets/secret-vault.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

let home: string;
let testStore: TestStore;
let vault: SecretVault;
beforeEach(() => {
  home = makeTempDir();
  testStore = openTestStore();
  vault = createSecretVault({ repository: testStore.store.secrets, key: ensureSecretKey(home) });
});
afterEach(() => {
  testStore.close();
  removeDir(home);
});

describe('the secret key', () => {
  it('is made once per data dir, 32 bytes, readable by its owner only', () => {
    const key = ensureSecretKey(home);
    expect(key).toHaveLength(32);
    expect(ensureSecretKey(home).equals(key)).toBe(true);
    expect(fs.statSync(secretKeyFile(home)).mode & 0o777).toBe(0o600);
  });

  it('refuses a damaged key file instead of making a new key (the stored secrets would be lost)', () => {
    fs.writeFileSync(secretKeyFile(home), 'c2hvcnQ=\n');
    expect(() => ensureSecretKey(home)).toThrow(ConfigError);
  });
});

describe('sealing', () => {
  it('round-trips, and refuses another key or another name', () => {
    const key = ensureSecretKey(home);
    const sealed = sealSecret(key, 'task1', 'TOKEN', 'hunter2-hunter2');
    expect(sealed.includes(Buffer.from('hunter2'))).toBe(false);
    expect(openSecret(key, 'task1', 'TOKEN', sealed)).toBe('hunter2-hunter2');
    expect(() => openSecret(key, 'task2', 'TOKEN', sealed)).toThrow(SecretUnreadableError);
    expect(() => openSecret(ensureSecretKey(makeTempDir()), 'task1', 'TOKEN', sealed)).toThrow(SecretUnreadableError);
  });
});

describe('the vault', () => {
  it('resolves named secrets and a task’s own values into its environment, and forgets the task’s at its end', () => {
    vault.setNamed('SHARED', 'shared-value', 'admin');
    vault.sealTaskValues('t1', { OWN: 'own-value' }, 'olga');
    expect(vault.resolve('t1', { A: 'SHARED', B: 'task:OWN' })).toEqual({ A: 'shared-value', B: 'own-value' });
    expect(vault.listNamed()).toEqual([expect.objectContaining({ name: 'SHARED', updatedBy: 'admin' })]);
    // Another task cannot reach t1's values.
    expect(() => vault.resolve('t2', { B: 'task:OWN' })).toThrow(SecretMissingError);
    expect(vault.forgetTask('t1')).toBe(1);
    expect(() => vault.resolve('t1', { B: 'task:OWN' })).toThrow('B names the secret task:OWN, which is not set');
  });

  it('names every missing secret at once', () => {
    expect(() => vault.resolve('t1', { A: 'X', B: 'Y' })).toThrow('A names the secret X, which is not set; B names the secret Y, which is not set');
  });

  it('replaces and removes a named secret', () => {
    vault.setNamed('K', 'one-value', null);
    vault.setNamed('K', 'two-value', null);
    expect(vault.resolve('t', { K: 'K' })).toEqual({ K: 'two-value' });
    expect(vault.removeNamed('K')).toBe(true);
    expect(vault.removeNamed('K')).toBe(false);
  });
});
