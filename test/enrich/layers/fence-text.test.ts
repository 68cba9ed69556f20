import { describe, expect, it } from '@jest/globals';
import { fenceText, inlineCode } from '../../../enrich/layers/fence-text.js';

describe('fenceText', () => {
  it('fences with three backticks and the language tag', () => {
    expect(fenceText('const a = 1;\n', 'ts')).toBe('```ts\nconst a = 1;\n```');
  });

  it('uses a fence longer than any backtick run inside', () => {
    const text = 'before\n````md\n```\n````\nafter';
    const fenced = fenceText(text);
    expect(fenced.startsWith('`````\n')).toBe(true);
    expect(fenced.endsWith('\n`````')).toBe(true);
  });
});

describe('inlineCode', () => {
  it('wraps plain text in single backticks and survives backticks inside', () => {
    expect(inlineCode('npm test')).toBe('`npm test`');
    expect(inlineCode('a `b` c')).toBe('``a `b` c``');
    expect(inlineCode('`x`')).toBe('`` `x` ``');
  });
});
