import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rankFiles } from '../../../enrich/retrieval/rank-files.js';
import type { RepoIndex } from '../../../enrich/retrieval/repo-index.js';
import { createRepoIndexCache } from '../../../enrich/retrieval/repo-index-cache.js';
import { removeDir } from '../../support/temp-dir.js';
import { makeHistoryRepo } from './history-repo.js';

const { dir, shas } = makeHistoryRepo([
  {
    message: 'Initial layout',
    files: {
      'lib/reply.js': 'class Reply {\n  get mediaType () { return this.type }\n}\nmodule.exports = Reply\n',
      'lib/request.js': 'class Request {\n  get hostname () { return this.host }\n}\nmodule.exports = Request\n',
      'lib/hooks.js': 'function runHooks (list) { for (const hook of list) hook() }\nmodule.exports = runHooks\n',
      'types/hooks.d.ts': 'export type HookHandler = () => void\n',
      'lib/zeta.js': 'module.exports = 1\n',
    },
  },
  {
    message: 'Run hooks in order',
    files: { 'lib/hooks.js': 'function runHooks (list) { for (const h of list) h() }\nmodule.exports = runHooks\n', 'types/hooks.d.ts': 'export type HookHandler = () => void | Promise<void>\n' },
  },
  {
    message: 'Await async hooks',
    files: { 'lib/hooks.js': 'async function runHooks (list) { for (const h of list) await h() }\nmodule.exports = runHooks\n', 'types/hooks.d.ts': 'export type HookHandler = () => Promise<void>\n' },
  },
]);

let index: RepoIndex;
beforeAll(async () => {
  index = await createRepoIndexCache({}).open({ repoDir: dir, commit: shas[2]!, key: 'rank' });
});
afterAll(() => removeDir(dir));

describe('rankFiles', () => {
  it('puts first the file defining a name the task mentions in backticks', () => {
    const [top] = rankFiles(index, { title: 'feat: add `Reply.prototype.mediaType`' });
    expect(top!.path).toBe('lib/reply.js');
    expect(top!.signals.defines).toBeGreaterThan(0);
  });

  it('prefers the files of past commits whose messages match the task', () => {
    const [top] = rankFiles(index, { title: 'await the async handlers in order' });
    expect(top!.path).toBe('lib/hooks.js');
    expect(top!.signals.message).toBeGreaterThan(0);
  });

  it('prefers files inside the conventional-commit scope', () => {
    const ranked = rankFiles(index, { title: 'fix(types): reply media type handler' });
    expect(ranked.find((file) => file.path === 'types/hooks.d.ts')!.signals.scope).toBeGreaterThan(0);
    expect(ranked.find((file) => file.path === 'lib/reply.js')!.signals.scope).toBeUndefined();
  });

  it('counts a phrase of the task found in a file', () => {
    const ranked = rankFiles(index, { title: 'runs hooks of the list' });
    expect(ranked[0]!.path).toBe('lib/hooks.js');
    expect(ranked[0]!.signals.phrase).toBeGreaterThan(0);
  });

  it('ranks by the words of the task', () => {
    expect(rankFiles(index, { title: 'fix: hostname of the request behind a proxy' })[0]!.path).toBe('lib/request.js');
  });

  it('brings up the files that changed together with the best match when co-change is weighted', () => {
    const ranked = rankFiles(index, { title: 'runHooks skips a handler' }, { weights: { cochange: 1, message: 0 } });
    expect(ranked[0]!.path).toBe('lib/hooks.js');
    const typings = ranked.find((file) => file.path === 'types/hooks.d.ts')!;
    expect(typings.signals.cochange).toBeGreaterThan(0);
    expect(ranked.indexOf(typings)).toBe(1);
  });

  it('is deterministic, breaks ties by path and honours the limit', () => {
    const nothing = rankFiles(index, { title: 'qqq zzz' }, { weights: { recency: 0 } });
    expect(nothing.map((file) => file.path)).toEqual(['lib/hooks.js', 'lib/reply.js', 'lib/request.js', 'lib/zeta.js', 'types/hooks.d.ts']);
    expect(nothing.every((file) => file.score === 0)).toBe(true);
    // By default recency alone orders a task that matches nothing: the two files changed in every commit first.
    expect(rankFiles(index, { title: 'qqq zzz' }).map((file) => file.path)).toEqual(['lib/hooks.js', 'types/hooks.d.ts', 'lib/reply.js', 'lib/request.js', 'lib/zeta.js']);
    const query = { title: 'reply media type', description: 'hooks too' };
    expect(rankFiles(index, query)).toEqual(rankFiles(index, query));
    expect(rankFiles(index, query, { limit: 2 })).toHaveLength(2);
  });

  it('refuses an index it did not build', () => {
    const foreign: RepoIndex = { commit: 'x', sourceFiles: () => [], allFiles: () => [], symbolsOf: () => undefined, textOf: () => undefined };
    expect(() => rankFiles(foreign, { title: 'x' })).toThrow(TypeError);
  });
});

describe('rankFiles graph and recency signals', () => {
  it('spreads from the best match to the files it uses when the graph is weighted', async () => {
    const repo = makeHistoryRepo([
      {
        message: 'Initial',
        files: {
          'src/parser.ts': 'import { tokenize } from "./lexer"\nexport function parseExpression (source: string) { return tokenize(source) }\n',
          'src/lexer.ts': 'export function tokenize (source: string) { return source.split(" ") }\n',
          'src/unrelated.ts': 'export function formatDate (d: Date) { return d.toISOString() }\n',
        },
      },
    ]);
    try {
      const graphIndex = await createRepoIndexCache({}).open({ repoDir: repo.dir, commit: repo.shas[0]!, key: 'graph' });
      const ranked = rankFiles(graphIndex, { title: 'parseExpression fails on empty input' }, { weights: { graph: 1, seeds: 1 } });
      expect(ranked.map((file) => file.path)).toEqual(['src/parser.ts', 'src/lexer.ts', 'src/unrelated.ts']);
      expect(ranked[1]!.signals.graph).toBeGreaterThan(0);
      expect(ranked[2]!.signals.graph).toBeUndefined();
    } finally {
      removeDir(repo.dir);
    }
  });

  it('favours recently changed files when recency is weighted', () => {
    const ranked = rankFiles(index, { title: 'qqq' }, { weights: { recency: 1 } });
    expect(ranked.slice(0, 2).map((file) => file.path)).toEqual(['lib/hooks.js', 'types/hooks.d.ts']);
  });
});
