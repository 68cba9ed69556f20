import os from 'node:os';
import { Value } from 'typebox/value';
import { NotifyHooksSchema, type NotifyHook } from '../model/notifications.js';
import { describeSchemaIssues } from '../model/schema-errors.js';
import { ConfigError } from './config-error.js';
import { loadPriceTable } from './price-table.js';
import { resolveClientSettings, type Env, type Settings, type SettingsFlags } from './settings.js';

function parseHooks(value: string | undefined, source: string): NotifyHook[] {
  if (value === undefined) return [];
  let hooks: unknown;
  try {
    hooks = JSON.parse(value);
  } catch {
    throw new ConfigError(source, 'must be a JSON list of webhooks: [{ "url": "https://…", "events": ["needs_decision", "failed"], "secret": "NAME" }]');
  }
  if (!Value.Check(NotifyHooksSchema, hooks)) {
    const [first] = describeSchemaIssues([...Value.Errors(NotifyHooksSchema, hooks)], 'hooks');
    throw new ConfigError(source, first ? `${first.field} ${first.message}` : 'is not a list of webhooks');
  }
  return hooks;
}

/**
 * Every setting, as servers and workers need them: the client settings (config/settings.ts) plus
 * the price table (RINGMASTER_PRICES_FILE over the shipped one) and the install's webhooks
 * (RINGMASTER_NOTIFY), both validated against their schemas. Pure apart from reading the user's
 * home directory and the price file. Throws ConfigError naming the flag or variable at fault.
 */
export function resolveSettings(env: Env, flags: SettingsFlags = {}, homedir = os.homedir()): Settings {
  return {
    ...resolveClientSettings(env, flags, homedir),
    prices: loadPriceTable(env.RINGMASTER_PRICES_FILE || undefined),
    notify: parseHooks(env.RINGMASTER_NOTIFY || undefined, 'RINGMASTER_NOTIFY'),
  };
}
