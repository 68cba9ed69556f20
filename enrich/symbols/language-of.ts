/** The languages read with a tree-sitter grammar; everything else is read as plain text. */
export const PARSED_LANGUAGES = ['typescript', 'tsx', 'javascript', 'python'] as const;
export type ParsedLanguage = (typeof PARSED_LANGUAGES)[number];

/**
 * Every extension Ringmaster names a language for: the code-fence tag a prompt shows its files
 * with, and the grammar it parses them with when it has one. The one table of both.
 */
const BY_EXTENSION: Readonly<Record<string, { fence: string; parsed?: ParsedLanguage }>> = {
  ts: { fence: 'ts', parsed: 'typescript' },
  mts: { fence: 'ts', parsed: 'typescript' },
  cts: { fence: 'ts', parsed: 'typescript' },
  tsx: { fence: 'tsx', parsed: 'tsx' },
  js: { fence: 'js', parsed: 'javascript' },
  mjs: { fence: 'js', parsed: 'javascript' },
  cjs: { fence: 'js', parsed: 'javascript' },
  jsx: { fence: 'jsx', parsed: 'javascript' },
  py: { fence: 'python', parsed: 'python' },
  pyi: { fence: 'python', parsed: 'python' },
  rb: { fence: 'ruby' },
  rs: { fence: 'rust' },
  go: { fence: 'go' },
  java: { fence: 'java' },
  kt: { fence: 'kotlin' },
  kts: { fence: 'kotlin' },
  scala: { fence: 'scala' },
  swift: { fence: 'swift' },
  c: { fence: 'c' },
  h: { fence: 'c' },
  cc: { fence: 'cpp' },
  cpp: { fence: 'cpp' },
  cxx: { fence: 'cpp' },
  hpp: { fence: 'cpp' },
  hh: { fence: 'cpp' },
  cs: { fence: 'csharp' },
  fs: { fence: 'fsharp' },
  php: { fence: 'php' },
  pl: { fence: 'perl' },
  lua: { fence: 'lua' },
  r: { fence: 'r' },
  dart: { fence: 'dart' },
  ex: { fence: 'elixir' },
  exs: { fence: 'elixir' },
  erl: { fence: 'erlang' },
  hs: { fence: 'haskell' },
  ml: { fence: 'ocaml' },
  clj: { fence: 'clojure' },
  zig: { fence: 'zig' },
  nim: { fence: 'nim' },
  jl: { fence: 'julia' },
  sh: { fence: 'bash' },
  bash: { fence: 'bash' },
  zsh: { fence: 'zsh' },
  fish: { fence: 'fish' },
  ps1: { fence: 'powershell' },
  html: { fence: 'html' },
  htm: { fence: 'html' },
  css: { fence: 'css' },
  scss: { fence: 'scss' },
  sass: { fence: 'sass' },
  less: { fence: 'less' },
  vue: { fence: 'vue' },
  svelte: { fence: 'svelte' },
  json: { fence: 'json' },
  jsonc: { fence: 'jsonc' },
  yml: { fence: 'yaml' },
  yaml: { fence: 'yaml' },
  toml: { fence: 'toml' },
  ini: { fence: 'ini' },
  xml: { fence: 'xml' },
  sql: { fence: 'sql' },
  md: { fence: 'markdown' },
  mdx: { fence: 'mdx' },
  rst: { fence: 'rst' },
  tex: { fence: 'latex' },
  graphql: { fence: 'graphql' },
  gql: { fence: 'graphql' },
  proto: { fence: 'protobuf' },
  tf: { fence: 'hcl' },
  hcl: { fence: 'hcl' },
  nix: { fence: 'nix' },
  gradle: { fence: 'groovy' },
  groovy: { fence: 'groovy' },
  diff: { fence: 'diff' },
  patch: { fence: 'diff' },
};

/** The lower-case extension of a path without the dot (`'ts'` for `a/b.d.ts`), or `''` when it has none. */
export function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

/** The grammar to read a path with, by extension; null when the file should be read as plain text. */
export function languageOf(path: string): ParsedLanguage | null {
  return BY_EXTENSION[extensionOf(path)]?.parsed ?? null;
}

/** The code-fence tag of an extension (lower case, no dot: `ts`, `py`), or '' when unknown. */
export function fenceTagOf(extension: string): string {
  return BY_EXTENSION[extension]?.fence ?? '';
}
