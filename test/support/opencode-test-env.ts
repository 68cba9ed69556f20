import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `opencode` of the devDependency opencode-ai (a launcher for its native binary). */
export const OPENCODE_BIN = fileURLToPath(new URL('../../node_modules/.bin/opencode', import.meta.url));

/**
 * Returns the whole environment for a real OpenCode that must talk only to the scripted Responses
 * API at `serverUrl` (with its `/v1`) as its `openai` provider, offering `model`, and keep its
 * config, data, cache and state under `home`: no models.dev fetch, no update check, no sharing.
 * Use it instead of `process.env`. Throws if the CLI is not installed or `home` cannot be written.
 */
export function opencodeTestEnv(serverUrl: string, home: string, model = 'gpt-5-codex'): Record<string, string> {
  // Never skipped: a missing CLI fails the test with the way to install it.
  if (!fs.existsSync(OPENCODE_BIN)) throw new Error(`OpenCode is missing (${OPENCODE_BIN}): run npm ci, which installs the devDependency opencode-ai`);
  fs.mkdirSync(home, { recursive: true });
  const config = {
    $schema: 'https://opencode.ai/config.json',
    provider: { openai: { options: { baseURL: serverUrl, apiKey: 'sk-scripted-test-key' }, models: { [model]: { name: model, tool_call: true } } } },
    model: `openai/${model}`,
    autoupdate: false,
    share: 'disabled',
  };
  const configFile = path.join(home, 'opencode.json');
  fs.writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  return {
    PATH: `${path.dirname(OPENCODE_BIN)}${path.delimiter}${process.env.PATH ?? ''}`,
    LANG: 'C.UTF-8',
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    XDG_STATE_HOME: path.join(home, 'state'),
    OPENCODE_CONFIG: configFile,
    OPENCODE_DISABLE_MODELS_FETCH: '1',
  };
}
