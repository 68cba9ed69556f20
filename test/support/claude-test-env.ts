import fs from 'node:fs';
import path from 'node:path';

/**
 * Returns the whole environment for a real Claude Code CLI (2.1.330) that must talk only to the
 * scripted model at `serverUrl` and keep all its state under `configDir`. Use it instead of
 * `process.env`, not on top of it, so the developer's own ANTHROPIC_* / CLAUDE_* settings and
 * proxies never leak in. Creates `<configDir>/tmp`; throws if that cannot be created.
 */
export function claudeTestEnv(serverUrl: string, configDir: string): NodeJS.ProcessEnv {
  // The CLI puts its messaging socket and per-session scratch folders under the temp dir.
  const tmpDir = path.join(configDir, 'tmp');
  fs.mkdirSync(tmpDir, { recursive: true });
  return {
    PATH: process.env.PATH,
    LANG: 'C.UTF-8',
    HOME: configDir,
    TMPDIR: tmpDir,
    CLAUDE_CONFIG_DIR: configDir,
    ANTHROPIC_BASE_URL: serverUrl,
    ANTHROPIC_API_KEY: 'sk-ant-scripted-test-key',
    // Without it the CLI sends `HEAD /api/hello` to the base URL and resolves outside hosts.
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
  };
}
