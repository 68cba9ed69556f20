import { beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveSettings } from '../../config/server-settings.js';
import { formatChecks, runDoctor, type Check } from '../../toolchain/doctor.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { testRunEnv } from '../support/test-env.js';
import { AIDER_INSTALL_TIMEOUT_MS, ensureTestAider } from '../support/aider-test-env.js';

const byName = (checks: Check[], name: string) => checks.find((c) => c.name === name)!;

describe('runDoctor', () => {
  let aider: string;
  beforeAll(async () => {
    aider = await ensureTestAider();
  }, AIDER_INSTALL_TIMEOUT_MS);

  it('finds node, git, SQLite and the Temporal CLI of this machine', async () => {
    const home = makeTempDir();
    try {
      const settings = resolveSettings({}, { home });
      // The devDependencies' agent CLIs (claude, codex, gemini, opencode) come first on PATH; aider is in the tools dir.
      const bin = fileURLToPath(new URL('../../node_modules/.bin', import.meta.url));
      const checks = await runDoctor(settings, { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, RINGMASTER_TEMPORAL_BIN: testRunEnv().temporalBin });
      for (const name of ['node', 'git', 'sqlite', 'temporal', 'data dir']) {
        expect(byName(checks, name)).toMatchObject({ required: true, ok: true });
      }
      expect(byName(checks, 'temporal').detail).toMatch(/^\d+\.\d+\.\d+ \(Server .*\) at .* \[RINGMASTER_TEMPORAL_BIN\]$/);
      expect(byName(checks, 'git').detail).toMatch(/^git version \d+/);
      const agents = ['claude-code (claude)', 'aider', 'codex', 'gemini', 'opencode'];
      expect(checks.map((c) => c.name)).toEqual(expect.arrayContaining(agents));
      expect(checks.filter((c) => agents.includes(c.name)).every((c) => !c.required)).toBe(true);
      expect(byName(checks, 'claude-code (claude)')).toMatchObject({ ok: true, detail: `2.1.330 (Claude Code) (${path.join(bin, 'claude')})` });
      expect(byName(checks, 'codex')).toMatchObject({ ok: true, detail: `codex-cli 0.171.0 (${path.join(bin, 'codex')})` });
      expect(byName(checks, 'gemini')).toMatchObject({ ok: true, detail: `0.61.0 (${path.join(bin, 'gemini')})` });
      expect(byName(checks, 'opencode')).toMatchObject({ ok: true, detail: `1.18.33 (${path.join(bin, 'opencode')})` });
      expect(byName(checks, 'aider')).toMatchObject({ ok: true, detail: `aider 0.86.2 (${aider})` });
    } finally {
      removeDir(home);
    }
  });

  it('marks a missing Temporal CLI as a required failure for the embedded server only', async () => {
    const home = makeTempDir();
    const env = { PATH: path.dirname(process.execPath), RINGMASTER_TOOLS_DIR: path.join(home, 'no-tools') };
    try {
      const embedded = await runDoctor(resolveSettings({}, { home }), env);
      expect(byName(embedded, 'temporal')).toMatchObject({ required: true, ok: false });
      expect(byName(embedded, 'temporal').detail).toContain('ringmaster doctor --fix');
      const external = await runDoctor(resolveSettings({ TEMPORAL_ADDRESS: 'temporal.example:7233' }, { home }), env);
      expect(byName(external, 'temporal')).toMatchObject({ required: false, ok: false });
      expect(byName(embedded, 'aider')).toMatchObject({ required: false, ok: false, detail: expect.stringContaining('ringmaster doctor --install-aider') });
    } finally {
      removeDir(home);
    }
  });
});

describe('formatChecks', () => {
  it('aligns names and marks ok, failing and optional checks', () => {
    const text = formatChecks([
      { name: 'node', required: true, ok: true, detail: 'v20' },
      { name: 'temporal', required: true, ok: false, detail: 'not found' },
      { name: 'claude', required: false, ok: false, detail: 'not found on PATH' },
    ]);
    expect(text).toBe(['✓ node      v20', '✗ temporal  not found', '- claude    not found on PATH'].join('\n'));
  });
});
