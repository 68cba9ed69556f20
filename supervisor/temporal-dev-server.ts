import type { Settings } from '../config/settings.js';

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
  ];
}
