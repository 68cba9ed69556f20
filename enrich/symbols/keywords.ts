/**
 * Reserved words of JavaScript and TypeScript, and the CommonJS plumbing names, never counted
 * as uses. Contextual words (`type`, `get`, `from`, `of`) stay: as names they are real uses.
 */
export const SCRIPT_KEYWORDS: ReadonlySet<string> = new Set(
  (
    'arguments break case catch class const continue debugger default delete do else enum export exports extends false ' +
    'finally for function if implements import in instanceof interface let module new null package private protected ' +
    'public require return static super switch this throw true try typeof undefined var void while with yield'
  ).split(' '),
);

/** Python keywords and the conventional `self`/`cls` receivers, never counted as uses; soft keywords such as `type` stay. */
export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set(
  (
    'False None True and as assert async await break class cls continue def del elif else except finally for from ' +
    'global if import in is lambda nonlocal not or pass raise return self try while with yield'
  ).split(' '),
);

/** Keywords of the languages read as plain text (Go, Rust, Java, C#, Kotlin, Ruby, C and the above). */
export const PLAIN_TEXT_KEYWORDS: ReadonlySet<string> = new Set([
  ...SCRIPT_KEYWORDS,
  ...PYTHON_KEYWORDS,
  ...(
    'abstract async await auto begin bool boolean byte char chan const crate def defer double dyn elsif end ensure ' +
    'extern fallthrough final float fn func go goto impl inline int internal let long loop map match mod move mut nil ' +
    'override pub range ref register rescue sealed self short signed sizeof string struct trait type unless unsafe ' +
    'unsigned until use val volatile when where'
  ).split(' '),
]);
