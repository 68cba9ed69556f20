import { LRUCache } from 'lru-cache';
import type { FileSymbols } from '../symbols/code-symbol.js';
import type { Bm25Document } from './bm25.js';
import { buildFileGraph, indexDefiners, type FileGraph } from './file-graph.js';
import { buildHistoryFeatures, type HistoryFeatures } from './history-features.js';
import type { HistoryCommit } from './parse-git-log.js';
import { countTerms, pathTerms, termCounts } from './split-words.js';

/** What the selector needs of a commit, built once per commit and reused by every query. */
export interface RankingFeatures {
  /** The candidate pool, sorted; every other array is indexed like it. */
  paths: readonly string[];
  indexOf: ReadonlyMap<string, number>;
  /** BM25 documents of each file's path, of the names it defines, and of its content. */
  pathDocs: readonly Bm25Document[];
  symbolDocs: readonly Bm25Document[];
  contentDocs: readonly Bm25Document[];
  /** BM25 documents of each file's adjacent word pairs. */
  phraseDocs: readonly Bm25Document[];
  /** Each defined name → the files defining it. */
  definers: ReadonlyMap<string, readonly number[]>;
  /** Each file name stem (lower case, without `-`/`_`) → the files of that name. */
  stems: ReadonlyMap<string, readonly number[]>;
  /** Each folder name or file stem, squashed like `stems` → the files under that folder or of that name. */
  components: ReadonlyMap<string, readonly number[]>;
  /** The defines/uses graph, built on first use (only the graph signal needs it). */
  graph(): FileGraph;
  history: HistoryFeatures;
}

/** What the features are built from (a `CommitIndex` satisfies it). */
export interface FeatureSource {
  sourceFiles(): readonly string[];
  analysisOf(path: string): { terms: ReadonlyMap<string, number>; length: number; phrases: ReadonlyMap<string, number>; phraseLength: number; symbols: FileSymbols | undefined } | undefined;
  readonly parts: { history: readonly HistoryCommit[] };
}

/** What the selector reads from a path alone: its BM25 document and the names it is found by. */
interface PathInfo {
  document: Bm25Document;
  /** Its folder names and file stem. */
  components: readonly string[];
  /** Its stem (its folder's for `index.*`-like files). */
  stems: readonly string[];
}

// Path and symbol documents depend only on the path or on the blob: built once, shared by commits.
const pathInfos = new LRUCache<string, PathInfo>({ max: 200_000 });
const symbolDocuments = new WeakMap<object, Bm25Document>();

function pathInfo(path: string): PathInfo {
  let info = pathInfos.get(path);
  if (info !== undefined) return info;
  const stem = fileStem(path);
  // `index.ts`, `mod.rs`, `__init__.py` are named by their folder.
  const named = ['index', 'mod', 'init', 'main', 'lib'].includes(stem) ? fileStem(path.slice(0, Math.max(0, path.lastIndexOf('/')))) : stem;
  info = {
    document: documentOf(countTerms(pathTerms(path))),
    components: [...new Set(path.split('/').map((part) => fileStem(part)))].filter((component) => component !== ''),
    stems: [...new Set([stem, named])].filter((key) => key !== ''),
  };
  pathInfos.set(path, info);
  return info;
}

function symbolDocument(analysis: { symbols: FileSymbols | undefined } | undefined): Bm25Document {
  if (analysis === undefined) return { terms: new Map(), length: 0 };
  let document = symbolDocuments.get(analysis);
  if (document === undefined) {
    document = documentOf(termCounts((analysis.symbols?.defines ?? []).map((symbol) => symbol.name).join(' ')));
    symbolDocuments.set(analysis, document);
  }
  return document;
}

function documentOf(terms: ReadonlyMap<string, number>): Bm25Document {
  let length = 0;
  for (const count of terms.values()) length += count;
  return { terms, length };
}

/** A file's stem as the selector matches it against the task's words: `content-type-parser.js` → `contenttypeparser`. */
export function fileStem(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.split('.')[0]!.toLowerCase().replace(/[-_]/g, '');
}

/** The ranking features of a commit's candidate pool. Pure given its source. */
export function buildRankingFeatures(source: FeatureSource): RankingFeatures {
  const paths = source.sourceFiles();
  const analyses = paths.map((path) => source.analysisOf(path));
  const infos = paths.map(pathInfo);
  const symbols = analyses.map((analysis) => analysis?.symbols);
  const stems = new Map<string, number[]>();
  const components = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, index: number): void => {
    let list = map.get(key);
    if (list === undefined) map.set(key, (list = []));
    list.push(index);
  };
  infos.forEach((info, index) => {
    for (const component of info.components) add(components, component, index);
    for (const stem of info.stems) add(stems, stem, index);
  });
  const definers = indexDefiners(symbols);
  let graph: FileGraph | undefined;
  return {
    paths,
    indexOf: new Map(paths.map((path, index) => [path, index])),
    pathDocs: infos.map((info) => info.document),
    symbolDocs: analyses.map(symbolDocument),
    contentDocs: analyses.map((analysis) => ({ terms: analysis?.terms ?? new Map<string, number>(), length: analysis?.length ?? 0 })),
    phraseDocs: analyses.map((analysis) => ({ terms: analysis?.phrases ?? new Map<string, number>(), length: analysis?.phraseLength ?? 0 })),
    definers,
    stems,
    components,
    graph: () => (graph ??= buildFileGraph(symbols, definers)),
    history: buildHistoryFeatures(source.parts.history, new Set(paths)),
  };
}
