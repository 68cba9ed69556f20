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
  { message: 'Run hooks in order', files: { 'lib/hooks.js': 'function runHooks (list) { for (const h of list) h() }\nmodule.exports = runHooks\n', 'types/hooks.d.ts': 'export type HookHandler = () => void | Promise<void>\n' } },
  { message: 'Await async hooks', files: { 'lib/hooks.js': 'async function runHooks (list) { for (const h of list) await h() }\nmodule.exports = runHooks\n', 'types/hooks.d.ts': 'export type HookHandler = () => Promise<void>\n' } },
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

  it('ranks by the words of the task', () => {
    expect(rankFiles(index, { title: 'fix: hostname of the request behind a proxy' })[0]!.path).toBe('lib/request.js');
  });

  it('brings up the files that changed together with the best match', () => {
    const ranked = rankFiles(index, { title: 'runHooks skips a handler' });
    expect(ranked[0]!.path).toBe('lib/hooks.js');
    const typings = ranked.find((file) => file.path === 'types/hooks.d.ts')!;
    expect(typings.signals.cochange).toBeGreaterThan(0);
    expect(ranked.indexOf(typings)).toBe(1);
  });

  it('is deterministic, breaks ties by path and honours the limit', () => {
    const nothing = rankFiles(index, { title: 'qqq zzz' }, { weights: { recency: 0 } });
    expect(nothing.map((file) => file.path)).toEqual(['lib/hooks.js', 'lib/reply.js', 'lib/request.js', 'lib/zeta.js', 'types/hooks.d.ts']);
    expect(nothing.every((file) => file.score === 0)).toBe(true);
    const query = { title: 'reply media type', description: 'hooks too' };
    expect(rankFiles(index, query)).toEqual(rankFiles(index, query));
    expect(rankFiles(index, query, { limit: 2 })).toHaveLength(2);
  });

  it('refuses an index it did not build', () => {
    const foreign: RepoIndex = { commit: 'x', sourceFiles: () => [], allFiles: () => [], symbolsOf: () => undefined, textOf: () => undefined };
    expect(() => rankFiles(foreign, { title: 'x' })).toThrow(TypeError);
  });
});
