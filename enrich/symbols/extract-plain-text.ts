import type { CodeSymbol, FileSymbols } from './code-symbol.js';
import { formatSignature } from './format-signature.js';
import { PLAIN_TEXT_KEYWORDS } from './keywords.js';
import { extensionOf } from './language-of.js';
import { MAX_USES, selectUses } from './select-uses.js';

/** A declaration pattern: the regex finds the name (group `name`, optional `parent`) at the start of a line. */
interface DeclarationPattern {
  kind: CodeSymbol['kind'];
  pattern: RegExp;
  /** Go exports capitalised names; elsewhere a plain-text guess says exported unless marked private. */
  exported?: (name: string, line: string) => boolean;
  /** The name becomes the parent of later indented methods (`impl Foo`, Ruby's `class Foo`); `only` emits no symbol. */
  scope?: 'only' | 'also';
}

const GO: DeclarationPattern[] = [
  { kind: 'method', pattern: /^func\s*\(\s*\w*\s*\*?\s*(?<parent>\w+)[^)]*\)\s*(?<name>\w+)\s*[[(]/u },
  { kind: 'function', pattern: /^func\s+(?<name>\w+)\s*[[(]/u },
  { kind: 'class', pattern: /^type\s+(?<name>\w+)(?:\[[^\]]*\])?\s+struct\b/u },
  { kind: 'interface', pattern: /^type\s+(?<name>\w+)(?:\[[^\]]*\])?\s+interface\b/u },
  { kind: 'type', pattern: /^type\s+(?<name>\w+)\b/u },
];
const RUST: DeclarationPattern[] = [
  { kind: 'function', pattern: /^(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?(?:extern\s+"[^"]*"\s+)?fn\s+(?<name>\w+)/u },
  { kind: 'method', pattern: /^\s+(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?fn\s+(?<name>\w+)/u },
  { kind: 'class', scope: 'only', pattern: /^(?:unsafe\s+)?impl(?:<[^>]*>)?\s+(?:[\w:<>, ]+\s+for\s+)?(?<name>\w+)/u },
  { kind: 'class', pattern: /^(?:pub(?:\([^)]*\))?\s+)?(?:struct|union)\s+(?<name>\w+)/u },
  { kind: 'enum', pattern: /^(?:pub(?:\([^)]*\))?\s+)?enum\s+(?<name>\w+)/u },
  { kind: 'interface', pattern: /^(?:pub(?:\([^)]*\))?\s+)?(?:unsafe\s+)?trait\s+(?<name>\w+)/u },
  { kind: 'type', pattern: /^(?:pub(?:\([^)]*\))?\s+)?type\s+(?<name>\w+)/u },
  { kind: 'module', pattern: /^(?:pub(?:\([^)]*\))?\s+)?mod\s+(?<name>\w+)/u },
];
const MODIFIERS = String.raw`(?:(?:public|private|protected|internal|static|abstract|final|sealed|open|data|partial|readonly|inline|override|suspend|export|default)\s+)*`;
const JVM: DeclarationPattern[] = [
  { kind: 'class', pattern: new RegExp(String.raw`^\s*${MODIFIERS}(?:class|record|object|struct)\s+(?<name>\w+)`, 'u') },
  { kind: 'interface', pattern: new RegExp(String.raw`^\s*${MODIFIERS}interface\s+(?<name>\w+)`, 'u') },
  { kind: 'enum', pattern: new RegExp(String.raw`^\s*${MODIFIERS}enum\s+(?:class\s+)?(?<name>\w+)`, 'u') },
  { kind: 'function', pattern: new RegExp(String.raw`^\s*${MODIFIERS}fun\s+(?:<[^>]*>\s*)?(?:[\w.]+\.)?(?<name>\w+)\s*\(`, 'u') },
];
const RUBY: DeclarationPattern[] = [
  { kind: 'function', pattern: /^def\s+(?:self\.)?(?<name>\w+[?!=]?)/u },
  { kind: 'method', pattern: /^\s+def\s+(?:self\.)?(?<name>\w+[?!=]?)/u },
  { kind: 'class', scope: 'also', pattern: /^\s*class\s+(?<name>[A-Z][\w:]*)/u },
  { kind: 'module', pattern: /^\s*module\s+(?<name>[A-Z][\w:]*)/u },
];
/** For unknown extensions and oversized scripts: declarations common to many languages, at column 0. */
const GENERIC: DeclarationPattern[] = [
  { kind: 'function', pattern: /^(?:export\s+)?(?:async\s+)?function\s*\*?\s*(?<name>[\w$]+)\s*\(/u },
  { kind: 'class', pattern: /^(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+(?<name>[\w$]+)/u },
  { kind: 'function', pattern: /^(?:async\s+)?def\s+(?<name>\w+)\s*\(/u },
  { kind: 'function', pattern: /^(?:pub\s+)?fn\s+(?<name>\w+)/u },
  { kind: 'function', pattern: /^func\s+(?:\([^)]*\)\s*)?(?<name>\w+)\s*\(/u },
];

const BY_EXTENSION: Readonly<Record<string, DeclarationPattern[]>> = {
  go: GO.map((p) => ({ ...p, exported: (name: string) => /^[A-Z]/u.test(name) })),
  rs: RUST.map((p) => ({ ...p, exported: (_name: string, line: string) => /^\s*pub\b/u.test(line) })),
  java: JVM,
  kt: JVM,
  kts: JVM,
  cs: JVM,
  scala: JVM,
  swift: JVM,
  rb: RUBY,
};
/** Prose and data: their words are uses, but nothing in them is a declaration. */
const NO_DECLARATIONS = new Set(['md', 'markdown', 'txt', 'rst', 'adoc', 'json', 'yml', 'yaml', 'toml', 'xml', 'html', 'csv', 'lock', 'svg', 'ini', 'cfg', 'conf']);
/** Lines longer than this are data or minified code; no declaration is looked for in them. */
const MAX_DECLARATION_LINE = 1000;

/**
 * Symbols of a file read without a grammar: declarations found by per-language line patterns
 * (Go, Rust, Java/C#/Kotlin, Ruby, a generic set otherwise) and identifier-like words as uses,
 * at most `maxUses` of them. Never throws.
 */
export function extractPlainText(path: string, text: string, maxUses: number = MAX_USES): FileSymbols {
  const extension = extensionOf(path);
  const patterns = NO_DECLARATIONS.has(extension) ? [] : (BY_EXTENSION[extension] ?? GENERIC);
  const defines = patterns.length === 0 ? [] : findDeclarations(text, patterns);
  const defined = new Set(defines.map((symbol) => symbol.name));
  return { language: null, defines, uses: selectUses(wordsOf(text), defined, PLAIN_TEXT_KEYWORDS, maxUses) };
}

function findDeclarations(text: string, patterns: DeclarationPattern[]): CodeSymbol[] {
  const symbols: CodeSymbol[] = [];
  const seen = new Set<string>();
  let lineNumber = 0;
  let scope: string | undefined;
  let start = 0;
  while (start <= text.length) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? text.length : end);
    lineNumber += 1;
    start = end === -1 ? text.length + 1 : end + 1;
    if (line.length > MAX_DECLARATION_LINE || line.trim().length === 0) continue;
    for (const { kind, pattern, exported, scope: opens } of patterns) {
      const groups = pattern.exec(line)?.groups;
      if (groups?.name === undefined) continue;
      if (opens !== undefined) scope = groups.name;
      if (opens === 'only') break;
      const parent = kind === 'method' ? (groups.parent ?? scope) : undefined;
      const key = `${parent ?? ''}:${groups.name}`;
      if (seen.has(key)) break;
      seen.add(key);
      const symbol: CodeSymbol = {
        name: groups.name,
        kind: kind === 'method' && parent === undefined ? 'function' : kind,
        signature: formatSignature(line),
        line: lineNumber,
        exported: exported ? exported(groups.name, line) : !/^\s*private\b/u.test(line),
      };
      if (parent !== undefined) symbol.parent = parent;
      symbols.push(symbol);
      break;
    }
  }
  return symbols;
}

/** Identifier-like words, in order of appearance. */
function* wordsOf(text: string): Generator<string> {
  for (const match of text.matchAll(/[A-Za-z_$][\w$]*/gu)) yield match[0];
}
