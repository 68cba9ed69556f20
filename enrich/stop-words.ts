/**
 * English words both the retrieval index and the query terms drop: they match everything, so they
 * tell nothing. Each user adds what only it drops (`enrich/retrieval/split-words.ts`,
 * `enrich/layers/query-terms.ts`), so no word is listed twice.
 */
export const COMMON_STOP_WORDS: readonly string[] = `
  and are but can could did does for from had has have how into its may must not our should than
  that the their them then there these they this those too was were what when where which while
  who why will with would you your also only just via per use used using make makes made now new
  old more most some any all each other such get
`
  .split(/\s+/)
  .filter(Boolean);
