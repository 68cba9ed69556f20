import { runGit } from '../../git/run-git.js';
import { createSymbolExtractor } from '../symbols/create-symbol-extractor.js';
import { allOrFirstError } from './all-or-first-error.js';
import { createAnalysisStore } from './blob-analysis-store.js';
import { analyseBlob, analysisKey, type BlobAnalysis, type SymbolReader } from './blob-analysis.js';
import { decodeBlob, MAX_TEXT_BYTES } from './decode-blob.js';
import { parseDiffRaw } from './parse-diff-raw.js';
import { readBlobs, readBlobSync } from './read-blobs.js';
import { inHistoryOrder, mergeHistory } from './merge-history.js';
import { diffTrees, readHistory } from './read-history.js';
import { readTree } from './read-tree.js';
import { CommitIndex, type RepoIndex } from './repo-index.js';
import { classifyPath } from './source-pool.js';

/** Options of `createRepoIndexCache`. */
export interface RepoIndexCacheOptions {
  /** Folder for the per-blob analyses, so a restarted process does not re-parse; memory only when absent. */
  cacheDir?: string;
  /** Commits kept in memory per project key (least recently used dropped first); default 4. */
  maxCommitsInMemory?: number;
  /** Commits of history read before each indexed commit; default 3000. */
  historyWindow?: number;
  /** Reads symbols; default the tree-sitter extractor of `enrich/symbols`; null for none (lexical signals only). */
  symbols?: SymbolReader | null;
}

/** What `open` is asked for: a repository folder (bare or a worktree), a commit, and the project it belongs to. */
export interface OpenIndexInput {
  repoDir: string;
  /** A commit id or any revision git can resolve. */
  commit: string;
  /** The project key: indexes of one key are derived from each other. */
  key: string;
}

/** Opens repository indexes, reusing what it already built. */
export interface RepoIndexCache {
  /** The index of `commit`; rejects with a `GitError` when the commit cannot be read. */
  open(input: OpenIndexInput): Promise<RepoIndex>;
  /** Resolves when the analyses of every build so far are on disk. */
  flush(): Promise<void>;
}

/** One file to analyse: its path and blob. */
interface PendingFile {
  path: string;
  sha: string;
}

/**
 * An index cache: per project key, the last few commits in memory; per blob, its analysis in
 * memory and on disk. A commit not in memory is derived from the nearest cached commit of the same
 * key (`git diff --raw`, re-analysing only changed blobs, history extended with the new commits
 * only); with none, it is built from `git ls-tree`, still reusing every blob analysed before.
 */
export function createRepoIndexCache(opts: RepoIndexCacheOptions = {}): RepoIndexCache {
  const maxCommits = Math.max(1, opts.maxCommitsInMemory ?? 4);
  const historyWindow = opts.historyWindow ?? 3000;
  const store = createAnalysisStore(opts.cacheDir, opts.symbols === null ? 'plain' : 'symbols');
  const texts = new Map<string, string | undefined>();
  const recent = new Map<string, Map<string, CommitIndex>>();
  const pending = new Map<string, Promise<CommitIndex>>();
  let reader: Promise<SymbolReader | undefined> | undefined;
  const symbolReader = (): Promise<SymbolReader | undefined> => {
    reader ??= opts.symbols === null ? Promise.resolve(undefined) : opts.symbols !== undefined ? Promise.resolve(opts.symbols) : createSymbolExtractor();
    return reader;
  };

  const readText =
    (repoDir: string) =>
    (sha: string): string | undefined => {
      if (texts.has(sha)) return texts.get(sha);
      const text = decodeBlob(readBlobSync(repoDir, sha));
      texts.set(sha, text);
      return text;
    };

  const analyse = async (repoDir: string, files: readonly PendingFile[], into: Map<string, { key: string; analysis: BlobAnalysis }>): Promise<void> => {
    const keyed = files.map((file) => ({ ...file, key: analysisKey(file.sha, file.path) }));
    const known = await store.load([...new Set(keyed.map((file) => file.key))]);
    const shas = [...new Set(keyed.filter((file) => !known.has(file.key)).map((file) => file.sha))];
    const read = new Map<string, string | undefined>();
    await readBlobs(repoDir, shas, MAX_TEXT_BYTES, (answer) => read.set(answer.sha, decodeBlob(answer.content)));
    const symbols = shas.length > 0 ? await symbolReader() : undefined;
    for (const file of keyed) {
      let analysis = known.get(file.key);
      if (analysis === undefined) {
        const text = read.get(file.sha);
        texts.set(file.sha, text);
        analysis = analyseBlob(file.path, text, symbols);
        known.set(file.key, analysis);
        store.put(file.key, analysis);
      }
      into.set(file.path, { key: file.key, analysis });
    }
  };

  const buildFresh = async (repoDir: string, commit: string): Promise<CommitIndex> => {
    const [blobs, history] = await allOrFirstError([readTree(repoDir, commit), readHistory(repoDir, commit, { max: historyWindow })]);
    const analyses = new Map<string, { key: string; analysis: BlobAnalysis }>();
    await analyse(
      repoDir,
      blobs.filter((blob) => classifyPath(blob.path) === 'source'),
      analyses,
    );
    return new CommitIndex({ repoDir, commit, tree: new Map(blobs.map((blob) => [blob.path, blob.sha])), analyses, history: inHistoryOrder(history), readText: readText(repoDir) });
  };

  const derive = async (repoDir: string, commit: string, base: CommitIndex, cached: ReadonlyMap<string, CommitIndex>): Promise<CommitIndex> => {
    const [added, diff] = await allOrFirstError([readHistory(repoDir, commit, { since: base.commit, max: historyWindow }), diffTrees(repoDir, base.commit, commit)]);
    const history = inHistoryOrder(mergeHistory(commit, added, base.parts.history, historyWindow) ?? (await readHistory(repoDir, commit, { max: historyWindow })));
    // When git lists another cached commit between the two, diff the tree from that nearer one.
    const nearer = added.map((entry) => cached.get(entry.sha)).find((index) => index !== undefined);
    const from = nearer ?? base;
    const changes = parseDiffRaw(nearer === undefined ? diff : await diffTrees(repoDir, nearer.commit, commit));
    const tree = new Map(from.parts.tree);
    const analyses = new Map(from.parts.analyses);
    const toAnalyse: PendingFile[] = [];
    for (const change of changes) {
      analyses.delete(change.path);
      if (change.sha === undefined) tree.delete(change.path);
      else {
        tree.set(change.path, change.sha);
        if (classifyPath(change.path) === 'source') toAnalyse.push({ path: change.path, sha: change.sha });
      }
    }
    await analyse(repoDir, toAnalyse, analyses);
    return new CommitIndex({ repoDir, commit, tree, analyses, history, readText: readText(repoDir) });
  };

  const build = async (repoDir: string, key: string, commit: string): Promise<CommitIndex> => {
    const cached = recent.get(key);
    // Derive from the most recently used commit of the key (the usual case: a project moving forward).
    const base = cached === undefined ? undefined : [...cached.values()].at(-1);
    if (base === undefined || cached === undefined) return buildFresh(repoDir, commit);
    // A base from another repository under the same key cannot be diffed: build afresh instead.
    return derive(repoDir, commit, base, cached).catch(() => buildFresh(repoDir, commit));
  };

  const remember = (key: string, index: CommitIndex): void => {
    const commits = recent.get(key) ?? new Map<string, CommitIndex>();
    recent.set(key, commits);
    commits.delete(index.commit);
    commits.set(index.commit, index);
    if (commits.size <= maxCommits) return;
    commits.delete(commits.keys().next().value!);
    // Forget the blobs no kept commit holds; their analyses stay on disk.
    const liveKeys = new Set<string>();
    const liveShas = new Set<string>();
    for (const kept of recent.values()) {
      for (const held of kept.values()) {
        for (const entry of held.parts.analyses.values()) liveKeys.add(entry.key);
        for (const sha of held.parts.tree.values()) liveShas.add(sha);
      }
    }
    store.retainOnly(liveKeys);
    for (const sha of texts.keys()) if (!liveShas.has(sha)) texts.delete(sha);
  };

  return {
    async open({ repoDir, commit, key }) {
      const sha = /^[0-9a-f]{40}$/.test(commit) ? commit : (await runGit(repoDir, ['rev-parse', '--verify', '--end-of-options', `${commit}^{commit}`])).stdout.trim();
      const cached = recent.get(key)?.get(sha);
      if (cached !== undefined) {
        remember(key, cached);
        return cached;
      }
      const id = `${key}\0${sha}`;
      let building = pending.get(id);
      if (building === undefined) {
        building = build(repoDir, key, sha).finally(() => pending.delete(id));
        pending.set(id, building);
      }
      const index = await building;
      remember(key, index);
      return index;
    },
    flush: () => store.flush(),
  };
}
