import { Parser, type Tree } from 'web-tree-sitter';
import type { FileSymbols } from './code-symbol.js';
import { extractPlainText } from './extract-plain-text.js';
import { PYTHON_NAME_NODE_TYPES, extractPythonDefines } from './extract-python.js';
import { SCRIPT_NAME_NODE_TYPES, extractScriptDefines } from './extract-typescript.js';
import { PYTHON_KEYWORDS, SCRIPT_KEYWORDS } from './keywords.js';
import { loadGrammars } from './load-grammars.js';
import { type ParsedLanguage, languageOf } from './language-of.js';
import { selectUses } from './select-uses.js';

/** Reads what a file defines and uses; synchronous once the grammars are loaded. */
export interface SymbolExtractor {
  /** The file's symbols, parsed by extension or read as plain text; never throws. */
  extract(path: string, text: string): FileSymbols;
}

/** Files larger than this (UTF-16 code units) are read as plain text. */
export const MAX_PARSED_CHARS = 512 * 1024;
/** A line longer than this marks minified or generated code, read as plain text. */
export const MAX_PARSED_LINE = 4000;
/** Parsing one file stops after this long and the file is read as plain text instead. */
export const PARSE_TIME_LIMIT_MS = 1500;
/** Uses kept for a file read as plain text because it was too large or minified. */
const OVERSIZED_MAX_USES = 500;
/** Of an oversized file, only this much is scanned. */
const OVERSIZED_SCAN_CHARS = 256 * 1024;

/** One parser per language for the process: extraction is synchronous, so extractors can share them. */
const PARSERS = new Map<ParsedLanguage, Parser>();

/** Tuning for {@link createSymbolExtractor}. */
export interface SymbolExtractorOptions {
  /** How long one file may take to parse before it is read as plain text; default {@link PARSE_TIME_LIMIT_MS}. */
  parseTimeLimitMs?: number;
}

/**
 * A symbol extractor backed by the tree-sitter grammars for TypeScript, TSX, JavaScript and
 * Python. The grammars load once per process, so a second call is cheap. Rejects only when the
 * tree-sitter runtime or a grammar's wasm file cannot be loaded.
 */
export async function createSymbolExtractor(options: SymbolExtractorOptions = {}): Promise<SymbolExtractor> {
  const parseTimeLimitMs = options.parseTimeLimitMs ?? PARSE_TIME_LIMIT_MS;
  const grammars = await loadGrammars();
  const parserFor = (language: ParsedLanguage): Parser => {
    let parser = PARSERS.get(language);
    if (parser === undefined) {
      parser = new Parser();
      parser.setLanguage(grammars[language]);
      PARSERS.set(language, parser);
    }
    return parser;
  };
  return {
    extract(path, text) {
      try {
        return extractSymbols(path, text, parserFor, parseTimeLimitMs);
      } catch {
        // A grammar or wasm fault on one odd file must not stop the caller; the words still count.
        try {
          return extractPlainText(path, headOf(text), OVERSIZED_MAX_USES);
        } catch {
          return { language: null, defines: [], uses: [] };
        }
      }
    },
  };
}

function extractSymbols(path: string, text: string, parserFor: (language: ParsedLanguage) => Parser, parseTimeLimitMs: number): FileSymbols {
  if (looksBinary(text)) return { language: null, defines: [], uses: [] };
  const language = languageOf(path);
  if (text.length > MAX_PARSED_CHARS) return extractPlainText(path, headOf(text), OVERSIZED_MAX_USES);
  if (language === null) return extractPlainText(path, text);
  if (hasLongLine(text)) return extractPlainText(path, headOf(text), OVERSIZED_MAX_USES);
  const tree = parseWithin(parserFor(language), text, parseTimeLimitMs);
  if (tree === null) return extractPlainText(path, text, OVERSIZED_MAX_USES);
  try {
    const root = tree.rootNode;
    const isPython = language === 'python';
    const defines = isPython ? extractPythonDefines(root, text) : extractScriptDefines(root, text);
    const names = root.descendantsOfType([...(isPython ? PYTHON_NAME_NODE_TYPES : SCRIPT_NAME_NODE_TYPES)]);
    const words = names.map((node) => (node === null ? '' : text.slice(node.startIndex, node.endIndex)));
    const defined = new Set(defines.map((symbol) => symbol.name));
    return { language, defines, uses: selectUses(words, defined, isPython ? PYTHON_KEYWORDS : SCRIPT_KEYWORDS) };
  } finally {
    tree.delete();
  }
}

/** The tree, or null when parsing took longer than `limitMs` (the parser is reset for the next file). */
function parseWithin(parser: Parser, text: string, limitMs: number): Tree | null {
  const deadline = performance.now() + limitMs;
  try {
    const tree = parser.parse(text, null, { progressCallback: () => performance.now() > deadline });
    if (tree === null) parser.reset();
    return tree;
  } catch (error) {
    parser.reset();
    throw error;
  }
}

/** The first {@link OVERSIZED_SCAN_CHARS} of a text, cut before a word so no half name is read. */
function headOf(text: string): string {
  if (text.length <= OVERSIZED_SCAN_CHARS) return text;
  const isWord = (index: number): boolean => /[\w$]/u.test(text[index]!);
  let cut = OVERSIZED_SCAN_CHARS;
  if (isWord(cut)) while (cut > OVERSIZED_SCAN_CHARS - 200 && isWord(cut - 1)) cut -= 1;
  return text.slice(0, cut);
}

/** NUL characters near the start mean a binary file decoded as text. */
function looksBinary(text: string): boolean {
  return text.slice(0, 8000).includes('\u0000');
}

function hasLongLine(text: string): boolean {
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    if (stop - start > MAX_PARSED_LINE) return true;
    start = stop + 1;
  }
  return false;
}
