import { runGit } from '../../git/run-git.js';
import { createSymbolExtractor } from '../symbols/create-symbol-extractor.js';
import { createAnalysisStore } from './blob-analysis-store.js';
import { analyseBlob, analysisKey, type BlobAnalysis, type SymbolReader } from './blob-analysis.js';
import { decodeBlob, MAX_TEXT_BYTES } from './decode-blob.js';
import { parseDiffRaw } from './parse-diff-raw.js';
import type { HistoryCommit } from './parse-git-log.js';
import { readBlobs, readBlobSync } from './read-blobs.js';
import { mergeHistory } from './merge-history.js';
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

  const readText = (repoDir: string) => (sha: string): string | undefined => {
    if (texts.has(sha)) return texts.get(sha);
    const text = decodeBlob(readBlobSync(repoDir, sha));
    texts.set(sha, text);
    return text;
  };

  const analyse = async (repoDir: string, files: readonly PendingFile[], into: Map<string, { key: string; analysis: BlobAnalysis }>): Promise<void> => {
    const keyed = files.map((file) => ({ ...file, key: analysisKey(file.sha, file.path) }));
    const unknown = new Set(await store.load([...new Set(keyed.map((file) => file.key))]));
    const shas = [...new Set(keyed.filter((file) => unknown.has(file.key)).map((file) => file.sha))];
    const read = new Map<string, string | undefined>();
    await readBlobs(repoDir, shas, MAX_TEXT_BYTES, (answer) => read.set(answer.sha, decodeBlob(answer.content)));
    const symbols = shas.length > 0 ? await symbolReader() : undefined;
    for (const file of keyed) {
      if (unknown.has(file.key) && store.get(file.key) === undefined) {
        const text = read.get(file.sha);
        texts.set(file.sha, text);
        store.put(file.key, analyseBlob(file.path, text, symbols));
      }
      into.set(file.path, { key: file.key, analysis: store.get(file.key)! });
    }
  };

  const build = async (repoDir: string, key: string, commit: string): Promise<CommitIndex> => {
    const cached = recent.get(key);
    // Derive from the most recently used commit of the key; if git lists another cached commit
    // between the two, diff the tree from that nearer one instead.
    const base = cached === undefined ? undefined : [...cached.values()].at(-1);
    let tree: Map<string, string>;
    const analyses = new Map<string, { key: string; analysis: BlobAnalysis }>();
    const toAnalyse: PendingFile[] = [];
    let history: readonly HistoryCommit[];
    if (base === undefined || cached === undefined) {
      const [blobs, read] = await Promise.all([readTree(repoDir, commit), readHistory(repoDir, commit, { max: historyWindow })]);
      history = read;
      tree = new Map(blobs.map((blob) => [blob.path, blob.sha]));
      toAnalyse.push(...blobs.filter((blob) => classifyPath(blob.path) === 'source'));
    } else {
      const added = await readHistory(repoDir, commit, { since: base.commit, max: historyWindow });
      history = mergeHistory(commit, added, base.parts.history, historyWindow) ?? (await readHistory(repoDir, commit, { max: historyWindow }));
      const nearer = added.find((entry) => cached.has(entry.sha));
      const from = nearer === undefined ? base : cached.get(nearer.sha)!;
      tree = new Map(from.parts.tree);
      for (const [path, entry] of from.parts.analyses) analyses.set(path, entry);
      for (const change of parseDiffRaw(await diffTrees(repoDir, from.commit, commit))) {
        analyses.delete(change.path);
        if (change.sha === undefined) tree.delete(change.path);
        else {
          tree.set(change.path, change.sha);
          if (classifyPath(change.path) === 'source') toAnalyse.push({ path: change.path, sha: change.sha });
        }
      }
    }
    await analyse(repoDir, toAnalyse, analyses);
    return new CommitIndex({ repoDir, commit, tree, analyses, history, readText: readText(repoDir) });
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
