import { describe, expect, it } from '@jest/globals';
import { createLineMatcher, findExcerptWindows } from '../../../enrich/layers/excerpt-windows.js';

describe('createLineMatcher', () => {
  it('matches words inside identifiers, case-insensitively, but not inside other words', () => {
    const match = createLineMatcher(['prompt', 'composePrompt', 'enrich/layer.ts']);
    expect(match('export function composePrompt(parts) {')).toEqual([0, 1]);
    expect(match('const PROMPT_SIZE = 3;')).toEqual([0]);
    expect(match('const prompts = [];')).toEqual([0]);
    expect(match('the user was prompted')).toEqual([]);
    expect(match("import x from '../enrich/layer.ts';")).toEqual([2]);
  });
});

describe('findExcerptWindows', () => {
  const lines = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`);
  lines[4] = 'const budget = 1;';
  lines[8] = 'plan(budget, tokens);';
  lines[30] = 'count tokens here';

  it('merges overlapping windows and counts the distinct terms in each', () => {
    expect(findExcerptWindows(lines, ['budget', 'tokens'], 3)).toEqual([
      { start: 1, end: 11, hits: 2 },
      { start: 27, end: 33, hits: 1 },
    ]);
  });

  it('clamps windows to the file and gives none without matches', () => {
    expect(findExcerptWindows(['budget'], ['budget'], 3)).toEqual([{ start: 0, end: 0, hits: 1 }]);
    expect(findExcerptWindows(lines, ['absent'], 3)).toEqual([]);
    expect(findExcerptWindows([], ['budget'], 3)).toEqual([]);
    expect(findExcerptWindows(lines, [], 3)).toEqual([]);
  });
});
