import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import type { ParsedLanguage } from './language-of.js';

const require = createRequire(import.meta.url);

/** Where each grammar's wasm file ships: the npm package and the file name at its root. */
const WASM: Readonly<Record<ParsedLanguage, { packageName: string; file: string }>> = {
  typescript: { packageName: 'tree-sitter-typescript', file: 'tree-sitter-typescript.wasm' },
  tsx: { packageName: 'tree-sitter-typescript', file: 'tree-sitter-tsx.wasm' },
  javascript: { packageName: 'tree-sitter-javascript', file: 'tree-sitter-javascript.wasm' },
  python: { packageName: 'tree-sitter-python', file: 'tree-sitter-python.wasm' },
};

/** The tree-sitter grammars, one per parsed language. */
export type Grammars = Readonly<Record<ParsedLanguage, Language>>;

/**
 * The absolute path of a grammar's wasm file, found next to its installed package's
 * package.json (the packages declare no `exports`, and their native bindings are never built).
 * Throws when the package is not installed.
 */
export function grammarWasmPath(language: ParsedLanguage): string {
  const { packageName, file } = WASM[language];
  return join(dirname(require.resolve(`${packageName}/package.json`)), file);
}

let loading: Promise<Grammars> | undefined;

/**
 * The four grammars, loaded once per process (later calls share the first load). Rejects when
 * the tree-sitter runtime or a grammar cannot be loaded; a failed load is retried on the next call.
 */
export function loadGrammars(): Promise<Grammars> {
  loading ??= readGrammars().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function readGrammars(): Promise<Grammars> {
  await Parser.init();
  const [typescript, tsx, javascript, python] = await Promise.all((['typescript', 'tsx', 'javascript', 'python'] as const).map((language) => Language.load(grammarWasmPath(language))));
  return { typescript: typescript!, tsx: tsx!, javascript: javascript!, python: python! };
}
