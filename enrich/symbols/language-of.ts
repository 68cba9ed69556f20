/** The languages read with a tree-sitter grammar; everything else is read as plain text. */
export const PARSED_LANGUAGES = ['typescript', 'tsx', 'javascript', 'python'] as const;
export type ParsedLanguage = (typeof PARSED_LANGUAGES)[number];

const BY_EXTENSION: Readonly<Record<string, ParsedLanguage>> = {
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'tsx',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  py: 'python',
  pyi: 'python',
};

/** The lower-case extension of a path without the dot (`'ts'` for `a/b.d.ts`), or `''` when it has none. */
export function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

/** The grammar to read a path with, by extension; null when the file should be read as plain text. */
export function languageOf(path: string): ParsedLanguage | null {
  return BY_EXTENSION[extensionOf(path)] ?? null;
}
