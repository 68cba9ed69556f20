import { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '../config/logger.js';
import { ensureDataDirs } from '../config/paths.js';
import { apiBaseUrl, type Settings } from '../config/settings.js';
import { buildInfo } from '../config/version.js';
import { migrate } from '../store/migrate.js';
import { openDatabase } from '../store/open-database.js';
import { createStore } from '../store/create-store.js';
import { lazyConnection } from '../temporal/cluster-probe.js';
import { buildApp } from './app.js';
import { assertSafeBind } from './auth.js';

/** Thrown when the API cannot bind its address (port taken, address not local). */
export class ListenError extends Error {
  override readonly name = 'ListenError';
}

export interface ApiServer {
  app: FastifyInstance;
  url: string;
  /** Stops accepting connections, lets in-flight requests finish, then releases the DB and Temporal. */
  close(): Promise<void>;
}

/** Opens the database (applying migrations), connects lazily to Temporal and listens. */
export async function startApiServer(settings: Settings): Promise<ApiServer> {
  assertSafeBind(settings.host, settings.apiToken);
  const paths = ensureDataDirs(settings.home);
  const db = openDatabase(paths.database);
  migrate(db);
  const connection = lazyConnection(settings.temporal);
  const logger = createLogger('api', settings.logLevel);
  const client = new Client({ connection, namespace: settings.temporal.namespace });
  const app = await buildApp(
    {
      db,
      dbPath: paths.database,
      connection,
      client,
      temporal: settings.temporal,
      build: buildInfo(),
      home: settings.home,
      ...createStore(db),
      apiToken: settings.apiToken,
      taskQueue: settings.taskQueue,
      workerTaskQueues: [settings.taskQueue],
    },
    { logger },
  );
  const release = async () => {
    await connection.close();
    db.close();
  };
  try {
    await app.listen({ host: settings.host, port: settings.port });
  } catch (err) {
    await app.close();
    await release();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new ListenError(`port ${settings.port} on ${settings.host} is already in use; choose another with --port or RINGMASTER_PORT`);
    }
    if (code === 'EADDRNOTAVAIL') {
      throw new ListenError(`address ${settings.host} is not on this machine; set --host or RINGMASTER_HOST to a local address`);
    }
    throw err;
  }
  const url = apiBaseUrl(settings);
  logger.info({ url }, 'api listening');
  return {
    app,
    url,
    async close() {
      await app.close();
      await release();
    },
  };
}
