import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `codex` of the devDependency @openai/codex (a launcher for its native binary). */
export const CODEX_BIN = fileURLToPath(new URL('../../node_modules/.bin/codex', import.meta.url));

/** The variable the scripted provider reads its key from (Codex sends it as a bearer token). */
const KEY_VARIABLE = 'SCRIPTED_OPENAI_KEY';

/**
 * Returns the whole environment for a real Codex CLI that must talk only to the scripted
 * Responses API at `serverUrl` (with its `/v1`) and keep its state under `home`: a
 * `<home>/config.toml` naming a "scripted" model provider, no retries (a scripted error must end
 * the run at once). Use it instead of `process.env`. Throws if the CLI is not installed or `home`
 * cannot be written.
 */
export function codexTestEnv(serverUrl: string, home: string): Record<string, string> {
  // Never skipped: a missing CLI fails the test with the way to install it.
  if (!fs.existsSync(CODEX_BIN)) throw new Error(`the Codex CLI is missing (${CODEX_BIN}): run npm ci, which installs the devDependency @openai/codex`);
  fs.mkdirSync(home, { recursive: true });
  fs.writeFileSync(
    path.join(home, 'config.toml'),
    [
      'model_provider = "scripted"',
      '[model_providers.scripted]',
      'name = "Scripted"',
      `base_url = "${serverUrl}"`,
      `env_key = "${KEY_VARIABLE}"`,
      'wire_api = "responses"',
      'request_max_retries = 0',
      'stream_max_retries = 0',
      '',
    ].join('\n'),
  );
  return {
    PATH: `${path.dirname(CODEX_BIN)}${path.delimiter}${process.env.PATH ?? ''}`,
    LANG: 'C.UTF-8',
    HOME: home,
    CODEX_HOME: home,
    [KEY_VARIABLE]: 'sk-scripted-test-key',
  };
}
