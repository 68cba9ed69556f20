import http from 'node:http';
import { allowedHosts, allowedOrigins } from '../access/allowed-hosts.js';
import { createPrincipalLookup } from '../access/principals.js';
import type { Settings } from '../config/settings.js';
import { openDatabase } from '../store/open-database.js';
import { createUserRepository } from '../store/user-repository.js';
import { buildUiGuard } from './temporal-ui-guard.js';
import { createUiSessions } from './ui-sessions.js';

export interface RunningUiGuard {
  close(): Promise<void>;
}

/**
 * The status code `url` answers a plain GET with, or undefined when nothing answers. Not fetch:
 * fetch refuses the browser-blocked ports the Web UI listens on, as every browser does.
 */
export function httpStatus(url: string, timeoutMs = 2000): Promise<number | undefined> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(undefined));
  });
}

/**
 * Serves the Temporal Web UI guard on the configured UI port (127.0.0.1), signing admins in with
 * the install token or an admin user's (looked up in `database`). Throws when the port is taken.
 */
export async function startUiGuard(options: { settings: Settings; installToken: string; upstream: () => string; database: string }): Promise<RunningUiGuard> {
  const { settings } = options;
  const publicUrl = settings.temporal.uiUrl ? new URL(settings.temporal.uiUrl) : undefined;
  const served = { host: '127.0.0.1', port: settings.temporal.uiPort, publicUrl };
  const hosts = allowedHosts(served);
  const db = openDatabase(options.database);
  const app = await buildUiGuard({
    policy: { hosts, origins: allowedOrigins(served, hosts), principalOf: createPrincipalLookup({ installToken: options.installToken, users: createUserRepository(db) }) },
    sessions: createUiSessions(),
    upstream: options.upstream,
    secureCookie: publicUrl?.protocol === 'https:',
  });
  try {
    await app.listen({ host: '127.0.0.1', port: settings.temporal.uiPort });
  } catch (err) {
    db.close();
    throw err;
  }
  return {
    async close() {
      await app.close();
      db.close();
    },
  };
}
