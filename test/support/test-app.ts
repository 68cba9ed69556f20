import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance, InjectOptions } from 'fastify';
import path from 'node:path';
import { ensureInstallToken } from '../../access/install-token.js';
import { buildApp, type AppDeps } from '../../api/app.js';
import { clientTracing } from '../../telemetry/temporal-tracing.js';
import { resolveSettings } from '../../config/server-settings.js';
import { createSecretVault, type SecretVault } from '../../secrets/secret-vault.js';
import { ensureSecretKey } from '../../secrets/secret-key.js';
import type { Store } from '../../store/create-store.js';
import type { Db } from '../../store/open-database.js';
import { openTestStore } from './temporal.js';
import { testRunEnv, uniqueTaskQueue } from './test-env.js';

export interface TestApp {
  /** The app; `inject` sends the install's admin token unless the request sets `authorization` itself. */
  app: FastifyInstance;
  /** The install's admin token (also in `<home>/api-token`, where the CLI finds it). */
  token: string;
  db: Db;
  store: Store;
  vault: SecretVault;
  connection: Connection;
  client: Client;
  close(): Promise<void>;
}

/**
 * Makes `app.inject` carry `Authorization: Bearer <token>` like a client that holds the token,
 * unless the request names its own authorization (`authorization: ''` sends none).
 */
function injectWithToken(app: FastifyInstance, token: string, port: number): void {
  const inject = app.inject.bind(app) as (options: InjectOptions) => ReturnType<FastifyInstance['inject']>;
  (app as { inject: unknown }).inject = (options: InjectOptions) => {
    const headers = { ...(options.headers ?? {}) } as Record<string, string>;
    if (!('authorization' in headers)) headers.authorization = `Bearer ${token}`;
    headers.host ??= `localhost:${port}`;
    if (headers.authorization === '') delete headers.authorization;
    return inject({ ...options, headers });
  };
}

/**
 * The real API over a real SQLite database in `home` and the run's Temporal server, serving
 * 127.0.0.1 and localhost on `options.port` (default 80: what inject sends; pass the port the
 * test will listen on). `overrides` replace dependencies (e.g. an unreachable connection).
 */
export async function startTestApp(home: string, overrides: Partial<AppDeps> = {}, options: { port?: number } = {}): Promise<TestApp> {
  const port = options.port ?? 80;
  const { db, store } = openTestStore(home);
  const connection = await Connection.connect({ address: testRunEnv().temporalAddress });
  // A traced app's client carries each request's span into the workflows it starts, as api/server.ts's does.
  const client = new Client({ connection, ...clientTracing(overrides.tracing) });
  const temporal = resolveSettings({ TEMPORAL_ADDRESS: testRunEnv().temporalAddress }).temporal;
  const token = ensureInstallToken(home, undefined);
  const vault = createSecretVault({ repository: store.secrets, key: ensureSecretKey(home) });
  const app = await buildApp({
    db,
    dbPath: path.join(home, 'ringmaster.db'),
    connection,
    client,
    temporal: { ...temporal, uiUrl: 'http://127.0.0.1:8233' },
    build: { version: '9.9.9', commit: 'abc123' },
    workerTaskQueues: [uniqueTaskQueue('nobody')],
    home,
    ...store,
    vault,
    installToken: token,
    maintenance: resolveSettings({}).maintenance,
    hostLostMinutes: resolveSettings({}).hostLostMinutes,
    prices: resolveSettings({}).prices,
    served: { host: '127.0.0.1', port },
    ...overrides,
  });
  injectWithToken(app, token, port);
  return {
    app,
    token,
    db,
    store,
    vault,
    connection,
    client,
    async close() {
      await app.close();
      await connection.close();
      if (db.open) db.close();
    },
  };
}
