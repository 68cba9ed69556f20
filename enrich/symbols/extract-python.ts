import type { Node } from 'web-tree-sitter';
import type { CodeSymbol } from './code-symbol.js';
import { formatSignature, formatVariableSignature } from './format-signature.js';

/** Node types of the Python grammar whose text is a name the file refers to (attributes included). */
export const PYTHON_NAME_NODE_TYPES: readonly string[] = ['identifier'];

/**
 * The definitions of a Python file from its syntax tree: top-level functions, classes with their
 * methods, and module-level variables, including those under a top-level `if` or `try`.
 * `exported` follows `__all__` when the module sets one, else the leading-underscore convention.
 */
export function extractPythonDefines(root: Node, text: string): CodeSymbol[] {
  const symbols: CodeSymbol[] = [];
  const seen = new Set<string>();
  const add = (symbol: CodeSymbol): void => {
    const key = `${symbol.kind}:${symbol.parent ?? ''}:${symbol.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    symbols.push(symbol);
  };
  // `__all__`, when the module sets one, decides what is exported.
  const listed: { names: Set<string> | null } = { names: null };
  const visitBlock = (block: Node, depth: number): void => {
    for (const statement of block.namedChildren) {
      if (statement === null) continue;
      const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
      if (definition?.type === 'function_definition') add(functionSymbol(text, definition, 'function'));
      else if (definition?.type === 'class_definition') visitClass(text, definition, add);
      else if (statement.type === 'expression_statement') {
        const assignment = statement.namedChildren[0];
        if (assignment?.type !== 'assignment') continue;
        const names = readAll(assignment);
        if (names !== null) listed.names = names;
        else {
          const variable = variableSymbol(text, assignment);
          if (variable) add(variable);
        }
      } else if (depth < 2 && (statement.type === 'if_statement' || statement.type === 'try_statement' || statement.type === 'ERROR')) {
        visitBlock(statement, depth + 1);
      } else if (depth < 3 && isNestedBlock(statement.type)) {
        visitBlock(statement, depth + 1);
      }
    }
  };
  visitBlock(root, 0);
  const isPublic = (name: string): boolean => (listed.names === null ? !name.startsWith('_') : listed.names.has(name));
  const publicClasses = new Set(symbols.filter((s) => s.kind === 'class' && isPublic(s.name)).map((s) => s.name));
  for (const symbol of symbols) {
    symbol.exported = symbol.parent === undefined ? isPublic(symbol.name) : publicClasses.has(symbol.parent) && (!symbol.name.startsWith('_') || /^__\w+__$/u.test(symbol.name));
  }
  return symbols;
}

/** The blocks of a top-level `if`/`try`: `else`, `elif`, `except` and `finally` clauses and their bodies. */
function isNestedBlock(type: string): boolean {
  return type === 'block' || type === 'else_clause' || type === 'elif_clause' || type === 'except_clause' || type === 'finally_clause';
}

function visitClass(text: string, node: Node, add: (symbol: CodeSymbol) => void): void {
  const name = node.childForFieldName('name')?.text;
  if (name === undefined) return;
  add({ name, kind: 'class', signature: headerOf(text, node), line: node.startPosition.row + 1, exported: false });
  for (const member of node.childForFieldName('body')?.namedChildren ?? []) {
    const definition = member?.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
    if (definition?.type === 'function_definition') add({ ...functionSymbol(text, definition, 'method'), parent: name });
  }
}

function functionSymbol(text: string, node: Node, kind: 'function' | 'method'): CodeSymbol {
  const name = node.childForFieldName('name')?.text ?? '';
  return { name, kind, signature: headerOf(text, node), line: node.startPosition.row + 1, exported: false };
}

/** `NAME = …` or `NAME: T = …` with a plain name on the left; tuple targets are left out. */
function variableSymbol(text: string, assignment: Node): CodeSymbol | null {
  const left = assignment.childForFieldName('left');
  if (left?.type !== 'identifier') return null;
  const right = assignment.childForFieldName('right');
  const head = text.slice(assignment.startIndex, right?.startIndex ?? assignment.endIndex);
  const value = right ? text.slice(right.startIndex, Math.min(right.endIndex, right.startIndex + 1000)) : '';
  return { name: left.text, kind: 'variable', signature: formatVariableSignature(head, value), line: assignment.startPosition.row + 1, exported: false };
}

/** The names listed by `__all__ = [...]` or `(...)`, or null when the assignment is something else. */
function readAll(assignment: Node): Set<string> | null {
  if (assignment.childForFieldName('left')?.text !== '__all__') return null;
  const names = new Set<string>();
  for (const item of assignment.childForFieldName('right')?.namedChildren ?? []) {
    if (item?.type !== 'string') continue;
    const content = item.namedChildren.find((c) => c?.type === 'string_content');
    if (content) names.add(content.text);
  }
  return names;
}

/** `def f(a: int) -> str` / `class C(Base)`: the header up to its colon, so a trailing comment is left out. */
function headerOf(text: string, node: Node): string {
  let end = node.childForFieldName('body')?.startIndex ?? node.endIndex;
  for (const child of node.children) {
    if (child?.type === ':' && child.startIndex < end) end = child.startIndex;
  }
  return formatSignature(text.slice(node.startIndex, end));
}
