import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { ConfigError } from '../config/config-error.js';
import { dataPaths } from '../config/paths.js';
import { createPrivateFile } from '../config/private-files.js';

const KEY_BYTES = 32;

/** The file holding the key secrets are encrypted with: `<home>/secret-key` (never in the database or its backups). */
export function secretKeyFile(home: string): string {
  return dataPaths(home).secretKey;
}

function readKey(file: string): Buffer | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(file, `cannot be read: ${(err as Error).message}`);
  }
  const key = Buffer.from(text, 'base64');
  if (key.length !== KEY_BYTES) throw new ConfigError(file, `must hold ${KEY_BYTES} bytes in base64; it was changed or damaged, so the stored secrets cannot be read`);
  return key;
}

/** Returns the data dir's secret key, generating it (mode 0600) on first use. Throws ConfigError for a damaged key file. */
export function ensureSecretKey(home: string): Buffer {
  const file = secretKeyFile(home);
  const existing = readKey(file);
  if (existing) return existing;
  createPrivateFile(file, `${randomBytes(KEY_BYTES).toString('base64')}\n`);
  return readKey(file)!;
}
