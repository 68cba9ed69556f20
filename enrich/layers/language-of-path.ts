import path from 'node:path';

const BY_EXTENSION: Record<string, string> = {
  ts: 'ts', mts: 'ts', cts: 'ts', tsx: 'tsx', js: 'js', mjs: 'js', cjs: 'js', jsx: 'jsx',
  py: 'python', pyi: 'python', rb: 'ruby', rs: 'rust', go: 'go', java: 'java', kt: 'kotlin', kts: 'kotlin',
  scala: 'scala', swift: 'swift', c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp',
  cs: 'csharp', fs: 'fsharp', php: 'php', pl: 'perl', lua: 'lua', r: 'r', dart: 'dart', ex: 'elixir', exs: 'elixir',
  erl: 'erlang', hs: 'haskell', ml: 'ocaml', clj: 'clojure', zig: 'zig', nim: 'nim', jl: 'julia',
  sh: 'bash', bash: 'bash', zsh: 'zsh', fish: 'fish', ps1: 'powershell',
  html: 'html', htm: 'html', css: 'css', scss: 'scss', sass: 'sass', less: 'less', vue: 'vue', svelte: 'svelte',
  json: 'json', jsonc: 'jsonc', yml: 'yaml', yaml: 'yaml', toml: 'toml', ini: 'ini', xml: 'xml', sql: 'sql',
  md: 'markdown', mdx: 'mdx', rst: 'rst', tex: 'latex', graphql: 'graphql', gql: 'graphql', proto: 'protobuf',
  tf: 'hcl', hcl: 'hcl', nix: 'nix', gradle: 'groovy', groovy: 'groovy', diff: 'diff', patch: 'diff',
};

const BY_NAME: Record<string, string> = { dockerfile: 'dockerfile', makefile: 'makefile', gnumakefile: 'makefile', gemfile: 'ruby', rakefile: 'ruby', justfile: 'just' };

/** The code-fence language tag for a file path (`a/b.ts` → `ts`, `Dockerfile` → `dockerfile`), or '' when unknown. */
export function languageOfPath(filePath: string): string {
  const base = path.posix.basename(filePath.replaceAll('\\', '/')).toLowerCase();
  if (BY_NAME[base]) return BY_NAME[base];
  const dot = base.lastIndexOf('.');
  return dot > 0 ? (BY_EXTENSION[base.slice(dot + 1)] ?? '') : '';
}
