import type { Node } from 'web-tree-sitter';
import type { CodeSymbol } from './code-symbol.js';

/** What a definitions pass over one JavaScript/TypeScript tree has found so far. */
export interface ScriptContext {
  text: string;
  symbols: CodeSymbol[];
  /** Symbols by kind, parent and name, so overloads and re-assignments appear once. */
  seen: Map<string, CodeSymbol>;
  /** Top-level names defined so far, of any kind. */
  topLevelNames: Set<string>;
  /** Local names exported by `export { a }`, `export default a`, `module.exports = a`. */
  exportedNames: Set<string>;
  /** Members that stay private whatever their class: `private x()`, `#x()`. */
  privateMembers: Set<CodeSymbol>;
  /** Keys of top-level object literals, kept only when their object is exported. */
  objectKeys: Set<CodeSymbol>;
}

/** A fresh context for one file's text. */
export function createScriptContext(text: string): ScriptContext {
  return { text, symbols: [], seen: new Map(), topLevelNames: new Set(), exportedNames: new Set(), privateMembers: new Set(), objectKeys: new Set() };
}

/**
 * Adds a symbol unless one of the same kind, name and parent is there already (an overload, a
 * re-assignment); returns the kept one. `const X` and `type X` are both kept.
 */
export function addSymbol(context: ScriptContext, symbol: CodeSymbol): CodeSymbol {
  const key = `${symbol.kind}:${symbol.parent ?? ''}:${symbol.name}`;
  const existing = context.seen.get(key);
  if (existing !== undefined) return existing;
  context.seen.set(key, symbol);
  if (symbol.parent === undefined) context.topLevelNames.add(symbol.name);
  context.symbols.push(symbol);
  return symbol;
}

/** Whether a top-level name has been defined in this file so far. */
export function isDefined(context: ScriptContext, name: string): boolean {
  return context.topLevelNames.has(name);
}

/**
 * The symbols with export flags settled: a top-level symbol named in an export list is exported,
 * and a member is exported when its parent is and it is not private. Keys of objects that are
 * not exported are dropped.
 */
export function finishSymbols(context: ScriptContext): CodeSymbol[] {
  const exportedParents = new Set<string>();
  for (const symbol of context.symbols) {
    if (symbol.parent !== undefined) continue;
    // `declare module 'x'` augments another module; an export of a local `x` is not about it.
    if (context.exportedNames.has(symbol.name) && symbol.kind !== 'module') symbol.exported = true;
    if (symbol.exported) exportedParents.add(symbol.name);
  }
  for (const symbol of context.symbols) {
    if (symbol.parent === undefined) continue;
    symbol.exported = exportedParents.has(symbol.parent) && !context.privateMembers.has(symbol);
  }
  // The keys of an exported object (`codes.FST_ERR_X`, `symbols.kReply`) are its API; a private object's are clutter.
  return context.symbols.filter((symbol) => symbol.exported || !context.objectKeys.has(symbol));
}

/** Where a declaration's own text starts: after its decorators and leading comments. */
export function startOf(node: Node): { index: number; line: number } {
  for (const child of node.children) {
    if (child === null || child.type === 'decorator' || child.type === 'comment') continue;
    return { index: child.startIndex, line: child.startPosition.row + 1 };
  }
  return { index: node.startIndex, line: node.startPosition.row + 1 };
}

/** The text from `from` up to (not including) the node's body, or all of it when it has none. */
export function textBeforeBody(context: ScriptContext, from: number, node: Node, bodyField = 'body'): string {
  const body = node.childForFieldName(bodyField);
  return context.text.slice(from, body === null ? node.endIndex : body.startIndex);
}

/** A value's text, cut well past what a signature shows so a huge literal is never copied whole. */
export function valueText(context: ScriptContext, node: Node): string {
  return context.text.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 1000));
}

/** Function-valued expressions: an assignment of one of these defines a function or method. */
export const FUNCTION_VALUE_TYPES: ReadonlySet<string> = new Set(['arrow_function', 'function_expression', 'function', 'generator_function']);
