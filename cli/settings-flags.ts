import type { Command } from 'commander';
import { resolveClientSettings, type ClientSettings, type SettingsFlags } from '../config/settings.js';

/** Adds the flags that override RINGMASTER_* / TEMPORAL_* variables to a command. */
export function withSettingsFlags(command: Command, which: 'all' | 'home' = 'all'): Command {
  command.option('--home <dir>', 'data dir (env RINGMASTER_HOME, default ~/.ringmaster)');
  if (which === 'home') return command;
  return command
    .option('--host <address>', 'address the API binds (env RINGMASTER_HOST, default 127.0.0.1)')
    .option('--port <port>', 'API port (env RINGMASTER_PORT, default 8080)')
    .option('--temporal-address <host:port>', 'use this Temporal cluster instead of the embedded dev server (env TEMPORAL_ADDRESS)')
    .option('--temporal-port <port>', 'embedded Temporal gRPC port (env RINGMASTER_TEMPORAL_PORT, default 7233)')
    .option('--temporal-ui-port <port>', 'embedded Temporal Web UI port (env RINGMASTER_TEMPORAL_UI_PORT, default 8233)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug or trace (env RINGMASTER_LOG_LEVEL, default info)');
}

/** The client settings (no price table, no webhooks) from a command's parsed flags and the environment. */
export function clientSettingsFrom(flags: SettingsFlags, env: NodeJS.ProcessEnv = process.env): ClientSettings {
  return resolveClientSettings(env, flags);
}
