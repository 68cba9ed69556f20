import { describe, expect, it } from '@jest/globals';
import { renderRepoMap, type RepoMapInput } from '../../../enrich/layers/repo-map.js';
import type { CodeSymbol, FileSymbols } from '../../../enrich/symbols/code-symbol.js';
import { createSymbolExtractor } from '../../../enrich/symbols/create-symbol-extractor.js';
import { countTokens } from '../../../enrich/tokens.js';
import { BUDGETS, expectWithinBudget } from './within-budget.js';

function fn(name: string, line: number, exported = true): CodeSymbol {
  return { name, kind: 'function', signature: `${exported ? 'export ' : ''}function ${name}(input: ${name}Input): ${name}Result`, line, exported };
}

const SYMBOLS: Record<string, FileSymbols> = {
  'store/task-store.ts': {
    language: 'typescript',
    defines: [
      { name: 'helper', kind: 'function', signature: 'function helper()', line: 2, exported: false },
      { name: 'TaskStore', kind: 'class', signature: 'export class TaskStore extends BaseStore', line: 5, exported: true },
      { name: 'save', kind: 'method', signature: 'save(task: Task): void', line: 9, exported: true, parent: 'TaskStore' },
      { name: 'constructor', kind: 'method', signature: 'constructor(db: Database)', line: 6, exported: true, parent: 'TaskStore' },
      { name: 'openStore', kind: 'function', signature: 'export function openStore(path: string): TaskStore', line: 20, exported: true },
    ],
    uses: [],
  },
  'lib/reply.js': {
    language: 'javascript',
    defines: [{ name: 'send', kind: 'method', signature: 'Reply.prototype.send = function (payload)', line: 3, exported: false, parent: 'Reply' }],
    uses: [],
  },
  'api/app.ts': { language: 'typescript', defines: [fn('buildApp', 3)], uses: [] },
  'README.md': { language: null, defines: [], uses: ['Ringmaster'] },
};

const FILES = [
  'README.md',
  'package.json',
  'api/app.ts',
  'api/server.ts',
  'api/routes/tasks.ts',
  'lib/reply.js',
  'store/task-store.ts',
  'store/migrate.ts',
  'test/store/task-store.test.ts',
  'test/api/app.test.ts',
  'docs/errors.md',
];

function input(budgetTokens: number, overrides: Partial<RepoMapInput> = {}): RepoMapInput {
  return { files: FILES, focus: ['store/task-store.ts', 'api/app.ts', 'README.md'], symbolsOf: (path) => SYMBOLS[path], budgetTokens, ...overrides };
}

/** A repository of `count` files in nested directories, every tenth focus file with `symbols` functions. */
function largeRepository(count: number, symbols: number): RepoMapInput {
  const files = Array.from({ length: count }, (_, i) => `pkg${i % 7}/sub${i % 5}/deep${i % 3}/file-${i}.ts`);
  const focus = files.filter((_, i) => i % 10 === 0).slice(0, 12);
  const defines = Array.from({ length: symbols }, (_, i) => fn(`handler${i}`, i + 1, i % 3 !== 0));
  return { files, focus, symbolsOf: (path) => (focus.includes(path) ? { language: 'typescript', defines, uses: [] } : undefined), budgetTokens: 0 };
}

describe('renderRepoMap', () => {
  it('draws the tree, then the focus files with their symbols, exported first and methods under their class', () => {
    const output = renderRepoMap(input(2000));
    expect(output.text).toBe(
      [
        '## Repository map',
        '',
        '11 files; directories holding the files most relevant to the task are expanded, those files marked *.',
        '',
        '```text',
        'api/',
        '  routes/ (1 file)',
        '  app.ts *',
        '  server.ts',
        'docs/ (1 file)',
        'lib/ (1 file)',
        'store/',
        '  migrate.ts',
        '  task-store.ts *',
        'test/ (2 files)',
        'README.md *',
        'package.json',
        '```',
        '',
        '```text',
        'store/task-store.ts:',
        '  export class TaskStore extends BaseStore',
        '    constructor(db: Database)',
        '    save(task: Task): void',
        '  export function openStore(path: string): TaskStore',
        '  function helper()',
        'api/app.ts:',
        '  export function buildApp(input: buildAppInput): buildAppResult',
        '```',
      ].join('\n'),
    );
    expect(output.note).toBe('11 files, 2 with symbols');
    expectWithinBudget(output, 2000, 'repoMap');
  });

  it('lists methods whose owner is defined elsewhere on their own', () => {
    const output = renderRepoMap(input(2000, { focus: ['lib/reply.js'] }));
    expect(output.text).toContain('lib/\n  reply.js *');
    expect(output.text).toContain('lib/reply.js:\n  Reply.prototype.send = function (payload)\n```');
  });

  it.each(BUDGETS)('stays within a budget of %i tokens', (budget) => {
    expectWithinBudget(renderRepoMap(input(budget)), budget, 'repoMap');
    const large = renderRepoMap({ ...largeRepository(600, 40), budgetTokens: budget });
    expectWithinBudget(large, budget, 'repoMap');
  });

  it('stays within every budget from 0 to 1500 on a large repository, using most of it', () => {
    const repository = largeRepository(600, 40);
    for (let budget = 0; budget <= 1500; budget += 13) {
      const output = renderRepoMap({ ...repository, budgetTokens: budget });
      expectWithinBudget(output, budget, 'repoMap');
      if (budget >= 200) expect(output.tokens).toBeGreaterThan(budget * 0.8);
    }
  });

  it('cuts a long file short with a count of what is left, and says so in the note', () => {
    const output = renderRepoMap({ ...largeRepository(600, 40), budgetTokens: 400 });
    expect(output.text).toMatch(/\n {2}… \d+ more\n/u);
    expect(output.note).toMatch(/^600 files, \d+ with symbols, \d+ more left out for the budget, 1 shortened$/u);
  });

  it('shows the exported symbols of later files before the private ones of the first', () => {
    const repository = largeRepository(600, 40);
    const output = renderRepoMap({ ...repository, budgetTokens: 1000 });
    expect(output.text).toContain(`${repository.focus[0]}:\n  export function handler1(`);
    expect(output.text).toContain(`${repository.focus[1]}:\n  export function handler1(`);
    expect(output.text).not.toMatch(/\n {2}function handler/u);
  });

  it('gives the next file its turn after the first 25 exported lines of a large one', () => {
    const many: FileSymbols = { language: 'typescript', defines: Array.from({ length: 60 }, (_, i) => fn(`route${i}`, i + 1)), uses: [] };
    const symbolsOf = (path: string): FileSymbols | undefined => (path === 'api/app.ts' ? many : SYMBOLS[path]);
    const output = renderRepoMap(input(700, { focus: ['api/app.ts', 'store/task-store.ts'], symbolsOf }));
    expect(output.text).toContain('  export function route24(');
    expect(output.text).toContain('store/task-store.ts:\n  export class TaskStore extends BaseStore');
    expect(output.text).not.toContain('route59');
    expect(output.text).toMatch(/\n {2}… \d+ more\nstore\/task-store\.ts:/u);
  });

  it('returns nothing when the budget cannot hold the heading and one line', () => {
    for (const budget of [0, 1, 10, 25]) {
      const output = renderRepoMap(input(budget));
      expect(output).toMatchObject({ layer: 'repoMap', text: '', tokens: 0 });
      expect(output.note).toBe('11 files, budget too small');
    }
  });

  it('is deterministic whatever the order of the files', () => {
    const first = renderRepoMap(input(400));
    const again = renderRepoMap(input(400));
    const shuffled = renderRepoMap(input(400, { files: [...FILES].reverse() }));
    expect(again).toEqual(first);
    expect(shuffled).toEqual(first);
  });

  it('returns nothing for an empty repository', () => {
    expect(renderRepoMap(input(2000, { files: [], focus: [] }))).toEqual({ layer: 'repoMap', text: '', tokens: 0, note: 'no files' });
  });

  it('draws only the tree when the focus files have no symbols', () => {
    const output = renderRepoMap(input(2000, { focus: ['README.md', 'docs/errors.md', 'store/migrate.ts'] }));
    expect(output.text).toContain('docs/\n  errors.md *');
    expect(output.text).toContain('  migrate.ts *');
    expect(output.text.match(/```text/gu)).toHaveLength(1);
    expect(output.note).toBe('11 files, 0 with symbols');
  });

  it('collapses every directory when nothing is in focus', () => {
    const output = renderRepoMap(input(2000, { focus: [] }));
    expect(output.text).toContain('11 files.\n');
    expect(output.text).toContain('store/ (2 files)\ntest/ (2 files)\nREADME.md\npackage.json\n```');
  });

  it('joins a chain of single directories on one line and normalises paths', () => {
    const output = renderRepoMap(input(2000, { files: ['./src/deep/er/a.ts', 'src//deep/er/b.ts', 'other.ts'], focus: ['src/deep/er/a.ts'], symbolsOf: () => undefined }));
    expect(output.text).toContain('```text\nsrc/deep/er/\n  a.ts *\n  b.ts\nother.ts\n```');
    expect(output.note).toBe('3 files, 0 with symbols');
  });

  it('keeps the tokens field equal to the text count', () => {
    const output = renderRepoMap(input(500));
    expect(output.tokens).toBe(countTokens(output.text));
  });

  it('maps real extracted symbols', async () => {
    const extractor = await createSymbolExtractor();
    const sources: Record<string, string> = {
      'lib/reply.js': 'function Reply (res) { this.raw = res }\nReply.prototype.code = function (statusCode) { return this }\nmodule.exports = Reply\n',
      'pkg/store.py': 'class Store:\n    def save(self, task: dict) -> None:\n        pass\n',
    };
    const output = renderRepoMap({
      files: Object.keys(sources),
      focus: ['pkg/store.py', 'lib/reply.js'],
      symbolsOf: (path) => (sources[path] === undefined ? undefined : extractor.extract(path, sources[path])),
      budgetTokens: 1000,
    });
    expect(output.text).toContain(
      ['pkg/store.py:', '  class Store', '    def save(self, task: dict) -> None', 'lib/reply.js:', '  function Reply (res)', '    Reply.prototype.code = function (statusCode)'].join('\n'),
    );
  });
});
