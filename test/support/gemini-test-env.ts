import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `gemini` of the devDependency @google/gemini-cli. */
export const GEMINI_BIN = fileURLToPath(new URL('../../node_modules/.bin/gemini', import.meta.url));

/**
 * Returns the whole environment for a real Gemini CLI that must talk only to the scripted Gemini
 * API at `serverUrl` and keep its state under `home`: a `<home>/.gemini/settings.json` choosing
 * API-key auth, trusting every folder (else auto_edit falls back to asking), one attempt per call
 * (a scripted error must end the run at once) and no telemetry or update checks. Use it instead
 * of `process.env`. Throws if the CLI is not installed or `home` cannot be written.
 */
export function geminiTestEnv(serverUrl: string, home: string): Record<string, string> {
  // Never skipped: a missing CLI fails the test with the way to install it.
  if (!fs.existsSync(GEMINI_BIN)) throw new Error(`the Gemini CLI is missing (${GEMINI_BIN}): run npm ci, which installs the devDependency @google/gemini-cli`);
  const settings = {
    security: { auth: { selectedType: 'gemini-api-key' }, folderTrust: { enabled: false } },
    general: { maxAttempts: 1, disableAutoUpdate: true, disableUpdateNag: true },
    privacy: { usageStatisticsEnabled: false },
    telemetry: { enabled: false },
  };
  fs.mkdirSync(path.join(home, '.gemini'), { recursive: true });
  fs.writeFileSync(path.join(home, '.gemini', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  return {
    PATH: `${path.dirname(GEMINI_BIN)}${path.delimiter}${process.env.PATH ?? ''}`,
    LANG: 'C.UTF-8',
    HOME: home,
    // Its error reports go to the temp dir: keep them with the rest.
    TMPDIR: home,
    GEMINI_API_KEY: 'scripted-gemini-test-key',
    GOOGLE_GEMINI_BASE_URL: serverUrl,
  };
}
