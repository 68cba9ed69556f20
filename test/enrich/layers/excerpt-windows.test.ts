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

  it('finds the same windows as testing every line with the matcher', () => {
    const vocabulary = ['sendMessage', 'CHANNEL_ID', 'channels', 'guild', 'Messages', 'a/b.ts', 'x', 'İstanbul', 'ΣΊΣΥΦΟΣ', 'messenger', 'channel-name'];
    // Every ninth line names one to three words of the vocabulary (some only near-misses); the rest are filler.
    const lines = Array.from({ length: 400 }, (_, i) =>
      i % 9 ? `const value${i} = compute(${i})` : [vocabulary[i % 11], vocabulary[(i * 7) % 11], vocabulary[(i * 5 + 3) % 11]].slice(0, 1 + (i % 3)).join(i % 2 ? ' ' : '.'),
    );
    const terms = ['channel', 'message', 'a/b.ts', 'guild', 'istanbul'];
    const match = createLineMatcher(terms);
    const expected: { start: number; end: number; hits: number }[] = [];
    let open: { start: number; end: number; terms: Set<number> } | undefined;
    lines.forEach((line, index) => {
      const hits = match(line);
      if (hits.length === 0) return;
      const start = Math.max(0, index - 2);
      const end = Math.min(lines.length - 1, index + 2);
      if (open && start <= open.end + 1) {
        open.end = end;
        hits.forEach((hit) => open!.terms.add(hit));
      } else {
        if (open) expected.push({ start: open.start, end: open.end, hits: open.terms.size });
        open = { start, end, terms: new Set(hits) };
      }
    });
    if (open) expected.push({ start: open.start, end: open.end, hits: open.terms.size });
    expect(expected.length).toBeGreaterThan(3);
    expect(findExcerptWindows(lines, terms, 2)).toEqual(expected);
  });
});
