import type { Settings, SettingsFlags } from '../config/settings.js';
import { resolveSettings } from '../config/server-settings.js';

/**
 * Every setting, from a command's parsed flags and the environment: for the commands that run a
 * server or a worker (loaded only when they run: the price table and webhook schemas weigh).
 */
export function settingsFrom(flags: SettingsFlags, env: NodeJS.ProcessEnv = process.env): Settings {
  return resolveSettings(env, flags);
}
