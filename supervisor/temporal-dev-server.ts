import type { Settings } from '../config/settings.js';

/**
 * One partition per task queue: the embedded server serves one host, and task-queue priority is
 * only exact within a partition (with the default 4, a P0 task may start after a P1 one).
 */
export const SINGLE_PARTITION_ARGS = [
  '--dynamic-config-value', 'matching.numTaskqueueReadPartitions=1',
  '--dynamic-config-value', 'matching.numTaskqueueWritePartitions=1',
];

/** The argv (after the CLI path) of the embedded dev server: persistent SQLite file, Web UI on. */
export function devServerArgs(settings: Settings, databaseFile: string): string[] {
  const { temporal } = settings;
  return [
    'server', 'start-dev',
    '--db-filename', databaseFile,
    '--ip', '127.0.0.1',
    '--port', String(temporal.port),
    '--ui-port', String(temporal.uiPort),
    ...(temporal.namespace === 'default' ? [] : ['--namespace', temporal.namespace]),
    '--log-format', 'json',
    '--log-level', 'warn',
    ...SINGLE_PARTITION_ARGS,
  ];
}
