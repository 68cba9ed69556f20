import { describe, expect, it } from '@jest/globals';
import { MAX_SIGNATURE_CHARS, formatSignature, formatVariableSignature } from '../../../enrich/symbols/format-signature.js';

describe('formatSignature', () => {
  it('collapses whitespace and drops the body opener', () => {
    expect(formatSignature('export function f(\n  a: number,\n  b: string,\n): void {')).toBe('export function f( a: number, b: string, ): void');
    expect(formatSignature('def f(a) -> int:\n    ')).toBe('def f(a) -> int');
    expect(formatSignature('export declare function g(): void;')).toBe('export declare function g(): void');
  });

  it('caps long signatures with an ellipsis', () => {
    const long = formatSignature(`function f(${'a: number, '.repeat(100)})`);
    expect(long).toHaveLength(MAX_SIGNATURE_CHARS);
    expect(long.endsWith('…')).toBe(true);
    expect(formatSignature(`const x = ${' '.repeat(5000)}1`).endsWith('…')).toBe(true);
  });
});

describe('formatVariableSignature', () => {
  it('keeps the first line of a multi-line value', () => {
    expect(formatVariableSignature('export const A = ', '{\n  a: 1,\n}')).toBe('export const A = { …');
    expect(formatVariableSignature('const B = ', "['x', 'y'] as const")).toBe("const B = ['x', 'y'] as const");
  });
});
