import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import path from 'node:path';
import { buildApp, type AppDeps } from '../../api/app.js';
import { resolveSettings } from '../../config/settings.js';
import type { Store } from '../../store/create-store.js';
import type { Db } from '../../store/open-database.js';
import { openTestStore } from './temporal.js';
import { testRunEnv, uniqueTaskQueue } from './test-env.js';

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  store: Store;
  connection: Connection;
  client: Client;
  close(): Promise<void>;
}

/**
 * The real API over a real SQLite database in `home` and the run's Temporal server. `overrides`
 * replace dependencies (e.g. an unreachable connection).
 */
export async function startTestApp(home: string, overrides: Partial<AppDeps> = {}): Promise<TestApp> {
  const { db, store } = openTestStore(home);
  const connection = await Connection.connect({ address: testRunEnv().temporalAddress });
  const client = new Client({ connection });
  const temporal = resolveSettings({ TEMPORAL_ADDRESS: testRunEnv().temporalAddress }).temporal;
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
    ...overrides,
  });
  return {
    app,
    db,
    store,
    connection,
    client,
    async close() {
      await app.close();
      await connection.close();
      if (db.open) db.close();
    },
  };
}
