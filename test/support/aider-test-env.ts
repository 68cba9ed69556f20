import fs from 'node:fs';
import path from 'node:path';
import { AIDER_VERSION, ensureAider } from '../../toolchain/aider-cli.js';

/** Long enough for a fresh clone's first install of Aider from PyPI (~45 s on 2 cores). */
export const AIDER_INSTALL_TIMEOUT_MS = 240_000;

/**
 * Returns the real Aider the tests run: `aider` on PATH, else the pinned version in the project's
 * tools dir, installed there on first use (never skipped: a failed install fails the test with
 * the way to install it). Call it in beforeAll with AIDER_INSTALL_TIMEOUT_MS.
 */
export async function ensureTestAider(): Promise<string> {
  return ensureAider({ onProgress: (line) => console.log(`[aider] ${line} (Aider ${AIDER_VERSION} for the tests)`) });
}

/**
 * Returns the environment for a real Aider that must talk only to the scripted Chat Completions
 * API at `serverUrl` (with its `/v1`) and keep its state under `home`. Throws if `home` cannot be
 * written.
 */
export function aiderTestEnv(serverUrl: string, home: string): Record<string, string> {
  fs.mkdirSync(home, { recursive: true });
  // Without a git identity aider writes one into the repository's config, which the repository
  // guard then undoes as a policy violation: a user's HOME has one, so this one does too.
  fs.writeFileSync(path.join(home, '.gitconfig'), '[user]\n\tname = Aider Test\n\temail = aider@example.invalid\n');
  return {
    HOME: home,
    LANG: 'C.UTF-8',
    OPENAI_API_BASE: serverUrl,
    OPENAI_API_KEY: 'sk-scripted-test-key',
    // LiteLLM's bundled price table instead of a download from GitHub (there is no network).
    LITELLM_LOCAL_MODEL_COST_MAP: 'True',
  };
}
