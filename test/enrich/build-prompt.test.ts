import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createPromptBuilder, type PromptRequest } from '../../enrich/build-prompt.js';
import { countTokens } from '../../enrich/tokens.js';
import { DEFAULT_PROMPT_SETTINGS, LAYER_NAMES } from '../../model/prompt-settings.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

// The whole pipeline on real git repositories: every layer, the budget, determinism, the cache,
// and the odd inputs (binary, huge, non-UTF-8, symlinks, an empty tree, an unknown commit).

const git = (dir: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.invalid', ...args], { cwd: dir, encoding: 'utf8' }).trim();

let repo: string;
let commit: string;
let cacheDir: string;
const dirs: string[] = [];

beforeAll(() => {
  repo = makeTempGitRepo({
    'AGENTS.md': '# Agent rules\n\nAlways run `npm test` before you finish. Use tabs in Makefiles.\n',
    'README.md': '# Shop\n\nA small shop service.\n\n## Setup\n\nnpm ci\n\n## Usage\n\nnpm start\n\n## Internals\n\nnot in the prompt\n',
    'src/price-cache.ts':
      'export class PriceCache {\n  private entries = new Map<string, number>();\n  /** Returns the cached price. */\n  lookupPrice(sku: string): number | undefined {\n    return this.entries.get(sku);\n  }\n  storePrice(sku: string, price: number): void {\n    this.entries.set(sku, price);\n  }\n}\n',
    'src/checkout.ts':
      "import { PriceCache } from './price-cache.js';\n\nexport function checkoutTotal(cache: PriceCache, skus: string[]): number {\n  return skus.reduce((sum, sku) => sum + (cache.lookupPrice(sku) ?? 0), 0);\n}\n",
    'src/report.py': 'class SalesReport:\n    def total(self, rows):\n        return sum(r.amount for r in rows)\n',
    'src/legacy.js': `module.exports = { ${'a'.repeat(10)}: 1 };\n`,
    'test/price-cache.test.ts': "import { PriceCache } from '../src/price-cache.js';\n",
    'assets/logo.png': '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000binary',
    'data/huge.js': `// ${'x'.repeat(3_000_000)}\n`,
    'src/latin1.ts': '',
  });
  // Non-UTF-8 bytes and a symlink pointing outside the repository.
  fs.writeFileSync(
    path.join(repo, 'src/latin1.ts'),
    Buffer.from([0x2f, 0x2f, 0x20, 0xe9, 0xe8, 0x0a, 0x65, 0x78, 0x70, 0x6f, 0x72, 0x74, 0x20, 0x63, 0x6f, 0x6e, 0x73, 0x74, 0x20, 0x78, 0x20, 0x3d, 0x20, 0x31, 0x3b, 0x0a]),
  );
  fs.symlinkSync('/etc/passwd', path.join(repo, 'src/outside.ts'));
  git(repo, 'add', '--all');
  git(repo, 'commit', '--quiet', '-m', 'Add odd files');
  fs.appendFileSync(path.join(repo, 'src/price-cache.ts'), '// expiry comes later\n');
  git(repo, 'commit', '--quiet', '-am', 'Note the missing price expiry');
  commit = git(repo, 'rev-parse', 'HEAD');
  cacheDir = makeTempDir('ringmaster-index-');
  dirs.push(repo, cacheDir);
});

afterAll(() => {
  for (const dir of dirs) removeDir(dir);
});

function request(overrides: Partial<PromptRequest> = {}): PromptRequest {
  return {
    key: 'shop',
    projectName: 'shop',
    repoDir: repo,
    commit,
    task: { title: 'Expire entries of PriceCache after a minute', description: 'lookupPrice should not return stale prices.', acceptanceCriteria: ['stale prices are refetched'] },
    iteration: 2,
    maxIterations: 5,
    testCommand: ['npm', 'test'],
    lintCommand: ['npm', 'run', 'lint'],
    settings: DEFAULT_PROMPT_SETTINGS,
    carry: { previousSummary: 'Added a TTL field but did not use it yet.' },
    previousIterations: [{ number: 1, outcome: 'incomplete', summary: 'Added a TTL field but did not use it yet.' }],
    projectLessons: [{ taskId: 'old', title: 'Cache prices per region', lesson: 'Failed: PriceCache keys must include the region.', createdAt: '2026-01-01T00:00:00.000Z' }],
    related: [{ id: 'dep1', title: 'Add PriceCache', status: 'completed', summary: 'Created src/price-cache.ts', error: null, finalCommit: 'abc' }],
    ...overrides,
  };
}

describe('createPromptBuilder', () => {
  it('builds every layer in order, within the budget, with the files the task is about', async () => {
    const { prompt, report } = await createPromptBuilder({ cacheDir }).build(request());
    expect(report.layers.map((l) => l.layer)).toEqual([...LAYER_NAMES]);
    for (const layer of report.layers) expect(layer.tokens).toBeGreaterThan(0);
    expect(report.total).toBe(countTokens(prompt));
    expect(report.total).toBeLessThanOrEqual(report.budget);
    expect(report.commit).toBe(commit);

    const order = [
      '# Task: Expire entries of PriceCache',
      'Always run `npm test`',
      '## Repository map',
      '## Files relevant to the task',
      'Note the missing price expiry',
      'npm run lint',
      'Add PriceCache',
      'PriceCache keys must include the region',
      '<promise>COMPLETE</promise>',
    ];
    const positions = order.map((text) => prompt.indexOf(text));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(prompt).toContain('- [ ] stale prices are refetched');
    expect(prompt).toContain('Added a TTL field but did not use it yet.');
    // The file the task names comes first, in full.
    const relevant = prompt.slice(prompt.indexOf('## Files relevant to the task'));
    expect(relevant.indexOf('src/price-cache.ts')).toBeLessThan(relevant.indexOf('src/checkout.ts'));
    expect(relevant).toContain('storePrice(sku: string, price: number): void {');
    // Tests, binaries and what lies outside the repository never show up as relevant files.
    expect(relevant).not.toContain('logo.png');
    expect(prompt).not.toContain('root:x:0:0');
    expect(prompt).not.toContain('not in the prompt');
  }, 60_000);

  it('never exceeds the budget, however small', async () => {
    const builder = createPromptBuilder({ cacheDir });
    for (const budgetTokens of [2_000, 3_000, 6_000, 12_000, 24_000, 100_000]) {
      const { prompt, report } = await builder.build(request({ settings: { budgetTokens, layers: {} } }));
      expect(countTokens(prompt)).toBeLessThanOrEqual(budgetTokens);
      expect(report.total).toBeLessThanOrEqual(budgetTokens);
      for (const layer of report.layers) expect(layer.tokens).toBeLessThanOrEqual(layer.budget);
    }
  }, 60_000);

  it('gives the same prompt for the same inputs, from a warm cache and from a new process reading the disk cache', async () => {
    const first = await createPromptBuilder({ cacheDir }).build(request());
    const again = await createPromptBuilder({ cacheDir }).build(request());
    expect(again.prompt).toBe(first.prompt);
    expect(fs.readdirSync(cacheDir).length).toBeGreaterThan(0);
    const noCache = await createPromptBuilder().build(request());
    expect(noCache.prompt).toBe(first.prompt);
  }, 60_000);

  it('leaves out the layers a project switched off, and says so', async () => {
    const { prompt, report } = await createPromptBuilder({ cacheDir }).build(request({ settings: { budgetTokens: 24_000, layers: { repoMap: false, history: false, instructions: false } } }));
    expect(prompt).not.toContain('## Repository map');
    expect(prompt).not.toContain('Always run `npm test`');
    const off = report.layers.filter((l) => !l.enabled).map((l) => l.layer);
    expect(off).toEqual(['instructions', 'repoMap', 'history']);
    for (const layer of report.layers.filter((l) => !l.enabled)) expect(layer).toMatchObject({ tokens: 0, budget: 0, note: 'switched off in the project settings' });
  }, 60_000);

  it('builds a prompt for an empty tree and for a commit that does not exist, without failing', async () => {
    const empty = makeTempGitRepo({});
    dirs.push(empty);
    const emptyBuilt = await createPromptBuilder({ cacheDir }).build(request({ key: 'empty', repoDir: empty, commit: git(empty, 'rev-parse', 'HEAD') }));
    expect(emptyBuilt.prompt).toContain('# Task: Expire entries of PriceCache');
    expect(emptyBuilt.report.layers.find((l) => l.layer === 'relevantFiles')!.tokens).toBe(0);

    const missing = await createPromptBuilder({ cacheDir }).build(request({ commit: 'f'.repeat(40) }));
    expect(missing.prompt).toContain('<promise>COMPLETE</promise>');
    expect(missing.report.layers.find((l) => l.layer === 'relevantFiles')!.note).toMatch(/not readable/);
  }, 60_000);
});
