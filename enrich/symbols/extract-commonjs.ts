import type { Node } from 'web-tree-sitter';
import { formatSignature, formatVariableSignature } from './format-signature.js';
import { FUNCTION_VALUE_TYPES, addSymbol, isDefined, textBeforeBody, valueText, type ScriptContext } from './script-context.js';

/**
 * Records what a top-level assignment defines: `module.exports = …`, `exports.foo = …`,
 * `Reply.prototype.send = function …` (a method of Reply) and `fastify.foo = function …`.
 */
export function visitAssignment(context: ScriptContext, statement: Node, assignment: Node): void {
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  if (left?.type !== 'member_expression' || right === null) return;
  const object = left.childForFieldName('object');
  const property = left.childForFieldName('property');
  if (object === null || property?.type !== 'property_identifier') return;
  const name = property.text;
  const line = statement.startPosition.row + 1;
  if (object.type === 'identifier' && object.text === 'module' && name === 'exports') {
    visitModuleExports(context, statement, right);
  } else if ((object.type === 'identifier' && object.text === 'exports') || isModuleExports(object)) {
    // `exports.foo = foo` and `module.exports.default = fastify` export a local binding.
    if (right.type === 'identifier') context.exportedNames.add(right.text);
    else addAssigned(context, statement, right, { name, kind: 'function', line, exported: true });
  } else if (object.type === 'member_expression' && object.childForFieldName('property')?.text === 'prototype') {
    const owner = object.childForFieldName('object');
    if (owner?.type !== 'identifier') return;
    if (FUNCTION_VALUE_TYPES.has(right.type) || right.type === 'identifier') {
      addAssigned(context, statement, right, { name, kind: 'method', line, exported: false, parent: owner.text });
    }
  } else if (object.type === 'identifier' && FUNCTION_VALUE_TYPES.has(right.type) && isDefined(context, object.text)) {
    addAssigned(context, statement, right, { name, kind: 'method', line, exported: false, parent: object.text });
  }
}

/**
 * Records the members of `Object.defineProperties(Reply.prototype, { a: …, b: … })` and
 * `Object.defineProperty(Reply.prototype, 'a', …)` as methods of Reply.
 */
export function visitDefineProperties(context: ScriptContext, call: Node): void {
  const callee = call.childForFieldName('function')?.text;
  if (callee !== 'Object.defineProperties' && callee !== 'Object.defineProperty') return;
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  const target = args[0];
  if (target?.type !== 'member_expression' || target.childForFieldName('property')?.text !== 'prototype') return;
  const owner = target.childForFieldName('object');
  if (owner?.type !== 'identifier') return;
  const keys: Node[] = [];
  if (callee === 'Object.defineProperty' && args[1]?.type === 'string') keys.push(args[1]);
  if (callee === 'Object.defineProperties' && args[1]?.type === 'object') {
    for (const pair of args[1].namedChildren) {
      const key = pair?.type === 'pair' ? pair.childForFieldName('key') : null;
      if (key !== null && key !== undefined) keys.push(key);
    }
  }
  for (const key of keys) {
    const name = key.type === 'string' ? key.text.slice(1, -1) : key.text;
    if (!/^[\w$]+$/u.test(name)) continue;
    addSymbol(context, {
      name,
      kind: 'method',
      signature: `${owner.text}.prototype.${name}`,
      line: key.startPosition.row + 1,
      exported: false,
      parent: owner.text,
    });
  }
}

/** `module.exports = Foo`, `= { a, b: c, d() {} }`, `= fp(plugin)`, `= function named() {}`. */
function visitModuleExports(context: ScriptContext, statement: Node, right: Node): void {
  const line = statement.startPosition.row + 1;
  switch (right.type) {
    case 'identifier':
      context.exportedNames.add(right.text);
      return;
    case 'call_expression':
      for (const arg of right.childForFieldName('arguments')?.namedChildren ?? []) {
        if (arg?.type === 'identifier') context.exportedNames.add(arg.text);
      }
      return;
    case 'object':
      for (const member of right.namedChildren) visitExportedMember(context, member);
      return;
    default: {
      const name = right.childForFieldName('name');
      if (name === null || !(FUNCTION_VALUE_TYPES.has(right.type) || right.type === 'class')) return;
      const kind = right.type === 'class' ? 'class' : 'function';
      addSymbol(context, { name: name.text, kind, signature: formatSignature(textBeforeBody(context, statement.startIndex, right)), line, exported: true });
    }
  }
}

/** One member of an object literal assigned to `module.exports`. */
function visitExportedMember(context: ScriptContext, member: Node | null): void {
  if (member === null) return;
  const line = member.startPosition.row + 1;
  if (member.type === 'shorthand_property_identifier') {
    context.exportedNames.add(member.text);
  } else if (member.type === 'method_definition') {
    const name = member.childForFieldName('name');
    if (name?.type !== 'property_identifier') return;
    addSymbol(context, { name: name.text, kind: 'function', signature: formatSignature(textBeforeBody(context, member.startIndex, member)), line, exported: true });
  } else if (member.type === 'pair') {
    const key = member.childForFieldName('key');
    const value = member.childForFieldName('value');
    if (key?.type !== 'property_identifier' || value === null) return;
    if (value.type === 'identifier') context.exportedNames.add(value.text);
    else if (FUNCTION_VALUE_TYPES.has(value.type)) {
      addAssigned(context, member, value, { name: key.text, kind: 'function', line, exported: true });
    }
  }
}

/** Adds `name` assigned `value` in `statement`: a function when the value is one, else a variable. */
function addAssigned(context: ScriptContext, statement: Node, value: Node, symbol: { name: string; kind: 'function' | 'method'; line: number; exported: boolean; parent?: string }): void {
  const isFunction = FUNCTION_VALUE_TYPES.has(value.type);
  const signature = isFunction
    ? formatSignature(textBeforeBody(context, statement.startIndex, value))
    : formatVariableSignature(context.text.slice(statement.startIndex, value.startIndex), valueText(context, value));
  const kind = isFunction || symbol.kind === 'method' ? symbol.kind : 'variable';
  addSymbol(context, { ...symbol, kind, signature });
}

function isModuleExports(node: Node): boolean {
  return node.type === 'member_expression' && node.text === 'module.exports';
}
