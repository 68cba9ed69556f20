import type { Node } from 'web-tree-sitter';
import type { CodeSymbol } from './code-symbol.js';
import { visitAssignment, visitDefineProperties } from './extract-commonjs.js';
import { formatSignature, formatVariableSignature } from './format-signature.js';
import { FUNCTION_VALUE_TYPES, addSymbol, createScriptContext, finishSymbols, startOf, textBeforeBody, valueText, type ScriptContext } from './script-context.js';

/** Node types (TypeScript, TSX and JavaScript grammars) whose text is a name the file refers to. */
export const SCRIPT_NAME_NODE_TYPES: readonly string[] = ['identifier', 'property_identifier', 'type_identifier', 'shorthand_property_identifier', 'shorthand_property_identifier_pattern'];

/** Where a declaration's signature starts (the `export` keyword when there is one) and whether it is exported. */
interface Placement {
  start: number;
  line: number;
  exported: boolean;
}

/**
 * The definitions of a TypeScript, TSX or JavaScript file from its syntax tree: top-level
 * functions, classes and their methods, interfaces, types, enums, variables, namespaces,
 * `export default`, CommonJS exports and prototype methods.
 */
export function extractScriptDefines(root: Node, text: string): CodeSymbol[] {
  const context = createScriptContext(text);
  for (const statement of root.namedChildren) {
    if (statement === null) continue;
    // A syntax error wraps the statements around it; look one level inside.
    if (statement.type === 'ERROR') for (const inner of statement.namedChildren) visitStatement(context, inner);
    else visitStatement(context, statement);
  }
  return finishSymbols(context);
}

function visitStatement(context: ScriptContext, statement: Node | null): void {
  if (statement === null) return;
  if (statement.type === 'export_statement') return visitExport(context, statement);
  if (statement.type === 'expression_statement') {
    const expression = statement.namedChildren[0];
    if (expression?.type === 'assignment_expression') visitAssignment(context, statement, expression);
    else if (expression?.type === 'call_expression') visitDefineProperties(context, expression);
    else if (expression?.type === 'internal_module') visitDeclaration(context, expression, placementOf(expression, false));
    return;
  }
  visitDeclaration(context, statement, placementOf(statement, false));
}

function visitExport(context: ScriptContext, statement: Node): void {
  const placement = placementOf(statement, true);
  const declaration = statement.childForFieldName('declaration');
  if (declaration !== null) return visitDeclaration(context, declaration, placement);
  const value = statement.childForFieldName('value');
  if (value !== null) return visitDefaultValue(context, value, placement);
  if (statement.childForFieldName('source') !== null) return; // a re-export names nothing defined here
  for (const clause of statement.namedChildren) {
    if (clause?.type !== 'export_clause') continue;
    for (const specifier of clause.namedChildren) {
      const local = specifier?.childForFieldName('name');
      if (local) context.exportedNames.add(local.text);
    }
  }
}

/** `export default <expression>`: a local name, an anonymous function or class, or a value. */
function visitDefaultValue(context: ScriptContext, value: Node, placement: Placement): void {
  if (value.type === 'identifier') {
    context.exportedNames.add(value.text);
    return;
  }
  const base = { name: value.childForFieldName('name')?.text ?? 'default', line: placement.line, exported: true };
  if (FUNCTION_VALUE_TYPES.has(value.type)) {
    addSymbol(context, { ...base, kind: 'function', signature: formatSignature(textBeforeBody(context, placement.start, value)) });
  } else if (value.type === 'class') {
    visitClass(context, value, placement);
  } else {
    const head = context.text.slice(placement.start, value.startIndex);
    addSymbol(context, { ...base, kind: 'variable', signature: formatVariableSignature(head, valueText(context, value)) });
  }
}

function visitDeclaration(context: ScriptContext, node: Node, placement: Placement): void {
  const name = node.childForFieldName('name');
  const base = { line: placement.line, exported: placement.exported };
  switch (node.type) {
    case 'function_declaration':
    case 'generator_function_declaration':
    case 'function_signature':
      if (name) addSymbol(context, { ...base, name: name.text, kind: 'function', signature: signature(context, placement, node) });
      return;
    case 'class_declaration':
    case 'abstract_class_declaration':
    case 'class':
      return visitClass(context, node, placement);
    case 'interface_declaration':
      if (name) addSymbol(context, { ...base, name: name.text, kind: 'interface', signature: signature(context, placement, node) });
      return;
    case 'enum_declaration':
      if (name) addSymbol(context, { ...base, name: name.text, kind: 'enum', signature: signature(context, placement, node) });
      return;
    case 'type_alias_declaration':
      if (name) addSymbol(context, { ...base, name: name.text, kind: 'type', signature: formatSignature(context.text.slice(placement.start, node.endIndex)) });
      return;
    case 'lexical_declaration':
    case 'variable_declaration':
      return visitVariables(context, node, placement);
    case 'ambient_declaration':
      for (const inner of node.namedChildren) if (inner) visitDeclaration(context, inner, placement);
      return;
    case 'module':
    case 'internal_module':
      if (name) {
        const moduleName = name.type === 'string' ? name.text.slice(1, -1) : name.text;
        addSymbol(context, { ...base, name: moduleName, kind: 'module', signature: signature(context, placement, node) });
      }
      return;
    default:
      return;
  }
}

function visitClass(context: ScriptContext, node: Node, placement: Placement): void {
  const className = node.childForFieldName('name')?.text ?? 'default';
  addSymbol(context, { name: className, kind: 'class', signature: signature(context, placement, node), line: placement.line, exported: placement.exported });
  visitClassBody(context, node.childForFieldName('body'), className);
}

function visitClassBody(context: ScriptContext, body: Node | null, className: string): void {
  for (const member of body?.namedChildren ?? []) {
    if (member === null) continue;
    const isMethod = member.type === 'method_definition' || member.type === 'method_signature' || member.type === 'abstract_method_signature';
    const isField = member.type === 'public_field_definition' || member.type === 'field_definition';
    const nameNode = member.childForFieldName('name') ?? member.childForFieldName('property');
    if (!nameNode || !(nameNode.type === 'property_identifier' || nameNode.type === 'private_property_identifier')) continue;
    const value = isField ? member.childForFieldName('value') : null;
    // A field holding an arrow function is a method in all but syntax; other fields are left out.
    if (!isMethod && !(value && FUNCTION_VALUE_TYPES.has(value.type))) continue;
    const start = startOf(member);
    const text = value ? textBeforeBody(context, start.index, value) : textBeforeBody(context, start.index, member);
    const symbol = addSymbol(context, {
      name: nameNode.text,
      kind: 'method',
      signature: formatSignature(text),
      line: start.line,
      exported: false,
      parent: className,
    });
    const isPrivate = nameNode.type === 'private_property_identifier' || member.namedChildren.some((c) => c?.type === 'accessibility_modifier' && c.text === 'private');
    if (isPrivate) context.privateMembers.add(symbol);
  }
}

function visitVariables(context: ScriptContext, node: Node, placement: Placement): void {
  let first = true;
  for (const declarator of node.namedChildren) {
    if (declarator?.type !== 'variable_declarator') continue;
    const name = declarator.childForFieldName('name');
    const value = declarator.childForFieldName('value');
    const line = first ? placement.line : declarator.startPosition.row + 1;
    const head = context.text.slice(placement.start, node.namedChildren[0]!.startIndex);
    first = false;
    if (name?.type !== 'identifier' || (value !== null && isImport(value))) continue;
    const base = { name: name.text, line, exported: placement.exported };
    const declared = head + context.text.slice(declarator.startIndex, value?.startIndex ?? declarator.endIndex);
    if (value !== null && FUNCTION_VALUE_TYPES.has(value.type)) {
      addSymbol(context, { ...base, kind: 'function', signature: formatSignature(head + textBeforeBody(context, declarator.startIndex, value)) });
    } else if (value?.type === 'class') {
      addSymbol(context, { ...base, kind: 'class', signature: formatSignature(head + textBeforeBody(context, declarator.startIndex, value)) });
      visitClassBody(context, value.childForFieldName('body'), name.text);
    } else {
      addSymbol(context, { ...base, kind: 'variable', signature: value ? formatVariableSignature(declared, valueText(context, value)) : formatSignature(declared) });
      // `{ … } as const` and `{ … } satisfies T` are object literals too.
      const literal = value?.type === 'as_expression' || value?.type === 'satisfies_expression' ? value.namedChildren[0] : value;
      if (literal?.type === 'object') visitObjectKeys(context, literal, name.text);
    }
  }
}

/** Most keys of one object literal recorded as its members. */
const MAX_OBJECT_KEYS = 300;

/** The keys of a top-level object literal, as members of its variable: functions as methods, the rest as variables. */
function visitObjectKeys(context: ScriptContext, object: Node, owner: string): void {
  let count = 0;
  for (const member of object.namedChildren) {
    if (member === null || count >= MAX_OBJECT_KEYS) break;
    const key = member.type === 'shorthand_property_identifier' ? member : member.childForFieldName(member.type === 'pair' ? 'key' : 'name');
    if (key?.type !== 'property_identifier' && key?.type !== 'shorthand_property_identifier') continue;
    const value = member.type === 'pair' ? member.childForFieldName('value') : null;
    const isMethod = member.type === 'method_definition' || (value !== null && FUNCTION_VALUE_TYPES.has(value.type));
    const head = context.text.slice(member.startIndex, value?.startIndex ?? member.endIndex);
    const signature = isMethod
      ? formatSignature(textBeforeBody(context, member.startIndex, value ?? member))
      : value
        ? formatVariableSignature(head, valueText(context, value))
        : formatSignature(head);
    const symbol = addSymbol(context, { name: key.text, kind: isMethod ? 'method' : 'variable', signature, line: member.startPosition.row + 1, exported: false, parent: owner });
    context.objectKeys.add(symbol);
    count += 1;
  }
}

/** `require('x')`, `require('x').y`, `require('x')[k]` and `await import('x')`: bindings that import, not define. */
function isImport(value: Node): boolean {
  let node: Node | null = value;
  while (node?.type === 'member_expression' || node?.type === 'subscript_expression' || node?.type === 'await_expression') {
    node = node.type === 'await_expression' ? (node.namedChildren[0] ?? null) : node.childForFieldName('object');
  }
  if (node?.type !== 'call_expression') return false;
  const callee = node.childForFieldName('function');
  return callee?.type === 'import' || (callee?.type === 'identifier' && callee.text === 'require');
}

function placementOf(node: Node, exported: boolean): Placement {
  const { index, line } = startOf(node);
  return { start: index, line, exported };
}

function signature(context: ScriptContext, placement: Placement, node: Node): string {
  return formatSignature(textBeforeBody(context, placement.start, node));
}
