import type { Bm25Document } from './bm25.js';
import type { HistoryCommit } from './parse-git-log.js';
import { termCounts } from './split-words.js';

/** Commits touching more source files than this are sweeping changes (renames, formatting) and say nothing about which files go together. */
export const MAX_FILES_PER_COMMIT = 40;

/** What the history before a commit says about its source files. */
export interface HistoryFeatures {
  /** The window's commits that touched 1..MAX_FILES_PER_COMMIT of today's source files, newest first. */
  commits: readonly HistoryCommit[];
  /** For each of `commits`: the source files it touched, under today's names (renames followed). */
  filesOf: readonly (readonly string[])[];
  /** For each source file: indexes into `commits` of the commits that touched it, newest first. */
  commitsOf: ReadonlyMap<string, readonly number[]>;
  /** For each of `commits`: its cleaned message as a BM25 document, built on first use. */
  messageDocuments(): readonly Bm25Document[];
}

/**
 * The history features of a set of source files from the commits before them (newest first).
 * Renames are followed, so a file's history includes the commits made under its former names.
 * Pure.
 */
export function buildHistoryFeatures(history: readonly HistoryCommit[], sourceFiles: ReadonlySet<string>): HistoryFeatures {
  const currentName = new Map<string, string>();
  const commits: HistoryCommit[] = [];
  const filesOf: string[][] = [];
  const commitsOf = new Map<string, number[]>();
  for (const commit of history) {
    const touched = new Set<string>();
    for (const change of commit.changes) {
      const name = currentName.get(change.path) ?? change.path;
      if (change.status !== 'D' && sourceFiles.has(name)) touched.add(name);
      if (change.from !== undefined && change.status === 'R') currentName.set(change.from, name);
    }
    if (touched.size === 0 || touched.size > MAX_FILES_PER_COMMIT) continue;
    const index = commits.length;
    commits.push(commit);
    const files = [...touched].sort();
    filesOf.push(files);
    for (const file of files) {
      let list = commitsOf.get(file);
      if (list === undefined) commitsOf.set(file, (list = []));
      list.push(index);
    }
  }
  let documents: Bm25Document[] | undefined;
  const messageDocuments = (): Bm25Document[] =>
    (documents ??= commits.map((commit) => {
      const terms = termsOfMessage(commit);
      let length = 0;
      for (const count of terms.values()) length += count;
      return { terms, length };
    }));
  return { commits, filesOf, commitsOf, messageDocuments };
}

const TRAILER =
  /^(signed-off-by|co-authored-by|reviewed-by|acked-by|tested-by|reported-by|suggested-by|helped-by|cc|fixes|closes|resolves|refs?|see-also|change-id|pr-url|backport-pr-url)\s*:|^\(cherry picked from/i;
const REFERENCE = /\s*\((#|gh-)\d+\)|(^|\s)(#|gh-)\d+\b|\s*https?:\/\/\S+/gi;
const CLOSING = /\b(close[sd]?|fix(e[sd])?|resolve[sd]?|refs?)\s*:?\s+(?=(#|gh-)\d+|https?:)/gi;

/**
 * A commit message without what does not describe the change: trailer lines (`Signed-off-by: …`,
 * `Co-authored-by: …`), issue and pull-request references (`(#123)`, `Closes #123`) and URLs;
 * line ends normalised, trailing blanks and runs of empty lines removed. Pure.
 */
export function cleanMessage(message: string): string {
  return message
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((line) => !TRAILER.test(line.trim()))
    .map((line) => line.replace(CLOSING, '').replace(REFERENCE, '').replace(/\s+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const messageTerms = new WeakMap<HistoryCommit, Map<string, number>>();

/** The retrieval terms of a commit's cleaned message, computed once per commit object. */
export function termsOfMessage(commit: HistoryCommit): Map<string, number> {
  let terms = messageTerms.get(commit);
  if (terms === undefined) messageTerms.set(commit, (terms = termCounts(cleanMessage(commit.message))));
  return terms;
}
