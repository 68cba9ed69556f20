import type { FileSymbols } from '../symbols/code-symbol.js';
import { isSourceContent, type BlobAnalysis } from './blob-analysis.js';
import type { HistoryCommit } from './parse-git-log.js';
import { buildRankingFeatures, type RankingFeatures } from './ranking-features.js';

/** A repository at one commit, indexed for retrieval. Every method is synchronous and cheap. */
export interface RepoIndex {
  readonly commit: string;
  /** The candidate pool: source files (not tests, docs, config, generated, vendored, minified), sorted. */
  sourceFiles(): readonly string[];
  /** Every regular file of the commit's tree, sorted. */
  allFiles(): readonly string[];
  /** What a source file defines and uses; undefined for other files or when no symbol reader was used. */
  symbolsOf(path: string): FileSymbols | undefined;
  /** The text of any file of the tree (read from git on first use); undefined when binary, too big or absent. */
  textOf(path: string): string | undefined;
}

/** What a `CommitIndex` is made of; built by the index cache. */
export interface CommitIndexParts {
  repoDir: string;
  commit: string;
  /** Every regular file: path → blob id. */
  tree: ReadonlyMap<string, string>;
  /** Each file whose path is a source path: its blob's analysis (source or not by content). */
  analyses: ReadonlyMap<string, { key: string; analysis: BlobAnalysis }>;
  /** Commits reachable from `commit` (itself included), newest first, up to the cache's window. */
  history: readonly HistoryCommit[];
  /** The text of a blob by id; undefined when binary, too big or unreadable. */
  readText: (sha: string) => string | undefined;
}

/** The index of one commit as the cache builds it; `rankFiles` reads its features. */
export class CommitIndex implements RepoIndex {
  readonly commit: string;
  private sources: string[] | undefined;
  private all: string[] | undefined;
  private features: RankingFeatures | undefined;

  constructor(readonly parts: CommitIndexParts) {
    this.commit = parts.commit;
  }

  sourceFiles(): readonly string[] {
    this.sources ??= [...this.parts.analyses]
      .filter(([, entry]) => isSourceContent(entry.analysis))
      .map(([path]) => path)
      .sort(comparePaths);
    return this.sources;
  }

  allFiles(): readonly string[] {
    this.all ??= [...this.parts.tree.keys()].sort(comparePaths);
    return this.all;
  }

  symbolsOf(path: string): FileSymbols | undefined {
    return this.parts.analyses.get(path)?.analysis.symbols;
  }

  textOf(path: string): string | undefined {
    const sha = this.parts.tree.get(path);
    return sha === undefined ? undefined : this.parts.readText(sha);
  }

  /** The analysis of a source-path file, or undefined. */
  analysisOf(path: string): BlobAnalysis | undefined {
    return this.parts.analyses.get(path)?.analysis;
  }

  /** The ranking features (BM25 documents, graph, history), built on first use and kept. */
  rankingFeatures(): RankingFeatures {
    this.features ??= buildRankingFeatures(this);
    return this.features;
  }
}

/** Orders paths by UTF-16 code units, the same on every machine whatever its locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
