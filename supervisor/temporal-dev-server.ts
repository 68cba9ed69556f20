import { pickBlockedPorts } from '../access/browser-blocked-ports.js';
import type { Settings } from '../config/settings.js';

/**
 * One partition per task queue: the embedded server serves one host, and task-queue priority is
 * only exact within a partition (with the default 4, a P0 task may start after a P1 one).
 */
export const SINGLE_PARTITION_ARGS = ['--dynamic-config-value', 'matching.numTaskqueueReadPartitions=1', '--dynamic-config-value', 'matching.numTaskqueueWritePartitions=1'];

/**
 * The only `Host` the dev server's HTTP API answers (frontend.httpAllowedHosts): a name under the
 * reserved .invalid domain, which no browser can be made to send, so no web page reaches that API.
 */
export const HTTP_API_ALLOWED_HOST = 'ringmaster-internal.invalid';

/**
 * The dev server's own HTTP ports, none of which checks `Host` or `Origin` (the HTTP API even
 * starts workflows from a cross-site text/plain POST): each is put on a port browsers refuse to
 * connect to. People reach the Web UI through Ringmaster's guard on the configured UI port.
 */
export interface DevServerHttpPorts {
  ui: number;
  httpApi: number;
  metrics: number;
}

/** Free browser-blocked ports for the dev server's HTTP ports; throws NoBlockedPortError when too few are free. */
export async function pickDevServerPorts(): Promise<DevServerHttpPorts> {
  const [ui, httpApi, metrics] = (await pickBlockedPorts(3)) as [number, number, number];
  return { ui, httpApi, metrics };
}

/** The argv (after the CLI path) of the embedded dev server: persistent SQLite file, Web UI behind the guard. */
export function devServerArgs(settings: Settings, databaseFile: string, ports: DevServerHttpPorts): string[] {
  const { temporal } = settings;
  return [
    'server',
    'start-dev',
    '--db-filename',
    databaseFile,
    '--ip',
    '127.0.0.1',
    '--port',
    String(temporal.port),
    '--ui-ip',
    '127.0.0.1',
    '--ui-port',
    String(ports.ui),
    '--http-port',
    String(ports.httpApi),
    '--metrics-port',
    String(ports.metrics),
    '--dynamic-config-value',
    `frontend.httpAllowedHosts=["${HTTP_API_ALLOWED_HOST}"]`,
    // WAL, and waiting on a lock instead of failing: an online backup (a reader) otherwise makes
    // Temporal's writes fail with SQLITE_BUSY.
    '--sqlite-pragma',
    'journal_mode=wal',
    '--sqlite-pragma',
    'busy_timeout=10000',
    '--ui-disable-news-fetch',
    ...(temporal.namespace === 'default' ? [] : ['--namespace', temporal.namespace]),
    '--log-format',
    'json',
    '--log-level',
    'warn',
    ...SINGLE_PARTITION_ARGS,
  ];
}
