import fs from 'node:fs';
import { ConfigError } from '../config/config-error.js';
import { dataPaths } from '../config/paths.js';
import { createPrivateFile } from '../config/private-files.js';
import { MIN_TOKEN_LENGTH, newToken } from './tokens.js';

/** The file holding the install's admin token: `<home>/api-token`. */
export function apiTokenFile(home: string): string {
  return dataPaths(home).apiToken;
}

function readTokenFile(file: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(file, `cannot be read: ${(err as Error).message}`);
  }
  const token = text.trim();
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new ConfigError(file, `holds a token of ${token.length} characters; at least ${MIN_TOKEN_LENGTH} are needed (delete the file and a new one is generated)`);
  }
  return token;
}

/**
 * The install's admin token for a server: RINGMASTER_API_TOKEN when set (`configured`), else the
 * one in `<home>/api-token`, generated there (mode 0600) on first start. Throws ConfigError for a
 * token file that cannot be read or holds a short token.
 */
export function ensureInstallToken(home: string, configured: string | undefined): string {
  if (configured) return configured;
  const file = apiTokenFile(home);
  const existing = readTokenFile(file);
  if (existing) return existing;
  createPrivateFile(file, `${newToken()}\n`);
  return readTokenFile(file)!;
}

/**
 * The token a client command sends: RINGMASTER_API_TOKEN when set, else the one in
 * `<home>/api-token` if it exists (the API on this machine wrote it); undefined otherwise.
 */
export function readClientToken(home: string, configured: string | undefined): string | undefined {
  return configured ?? readTokenFile(apiTokenFile(home));
}
