import MiniSearch from 'minisearch';

/** A file as the baseline indexes it. */
export interface BaselineFile {
  path: string;
  text: string;
}

/** Words too common to index; the README's reference drops English function words. */
const STOPWORDS = new Set('a an and are as at be but by for from has have in into is it its of on or that the their this to was were will with'.split(' '));

/**
 * Splits text into lower-case words: each identifier's camelCase / snake_case parts, plus the whole
 * identifier when it has several parts (so `mediaType` matches `mediatype` too); stopwords dropped.
 */
export function baselineTokenize(text: string): string[] {
  const words: string[] = [];
  for (const [token] of text.matchAll(/[A-Za-z0-9_]+/g)) {
    const parts = token
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .split(/[ _]+/)
      .filter((part) => part !== '')
      .map((part) => part.toLowerCase());
    for (const part of parts) if (!STOPWORDS.has(part)) words.push(part);
    if (parts.length > 1) words.push(token.toLowerCase());
  }
  return words;
}

/**
 * The reference ranker of the localization README: plain BM25 (MiniSearch, k1 1.2, b 0.75) over
 * each file's path tokens and content, built afresh for this one query with no cache. Returns
 * the paths best first, ties by path; files that match no query word are left out.
 */
export function rankWithBaseline(files: readonly BaselineFile[], query: string): string[] {
  const search = new MiniSearch<BaselineFile & { id: number }>({
    fields: ['path', 'text'],
    storeFields: ['path'],
    tokenize: baselineTokenize,
    searchOptions: { bm25: { k: 1.2, b: 0.75, d: 0.5 } },
  });
  search.addAll(files.map((file, id) => ({ ...file, id })));
  return search
    .search(query)
    .map((result) => ({ path: files[result.id as number]!.path, score: result.score }))
    .sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((result) => result.path);
}
