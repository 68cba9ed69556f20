import { describe, expect, it } from '@jest/globals';
import { renderRelevantFilesLayer, type RelevantFilesInput } from '../../../enrich/layers/relevant-files-layer.js';
import type { RankedFile } from '../../../enrich/retrieval/ranked-file.js';
import { countTokens } from '../../../enrich/tokens.js';
import { BUDGETS, expectWithinBudget } from './within-budget.js';

const rank = (path: string, score: number): RankedFile => ({ path, score, signals: { lexical: score } });

function codeFile(name: string, lines: number, mention?: number): string {
  return Array.from({ length: lines }, (_, i) => (i + 1 === mention ? `export function retryWebhook(attempts: number) { /* ${name} */ }` : `const value${i} = compute(${i}); // ${name}`)).join('\n');
}

const files: Record<string, string> = {
  'src/small.ts': 'export const retries = 3;\n',
  'src/fence.md': 'Example:\n\n```ts\nretryWebhook(3);\n```\n',
  'src/big.ts': codeFile('big', 2000, 1500),
  'src/other.ts': codeFile('other', 300, 10),
  'src/image.png': '',
  'src/nomatch.ts': codeFile('nomatch', 200),
  'src/two.ts': codeFile('two', 300, 10).replace('const value199 = compute(199);', 'const webhook = retry(199);'),
};

const input = (ranked: RankedFile[], extra: Partial<RelevantFilesInput> = {}): RelevantFilesInput => ({
  ranked,
  readText: (path) => (path.endsWith('.png') ? undefined : files[path]),
  queryTerms: ['retry', 'webhook'],
  ...extra,
});

describe('renderRelevantFilesLayer', () => {
  it('gives small files in full with a language tag and a fence longer than their backticks', () => {
    const output = renderRelevantFilesLayer(input([rank('src/small.ts', 2), rank('src/fence.md', 1)]), 2000);
    expect(output.text).toContain('### src/small.ts\n\n```ts\nexport const retries = 3;\n```');
    expect(output.text).toContain('### src/fence.md\n\n````markdown\nExample:');
    expect(output.note).toBe('2 in full, 0 as excerpts, 2 ranked');
    expectWithinBudget(output, 2000, 'relevantFiles');
  });

  it('gives a file too big for full text as excerpts around the matching lines, with line numbers', () => {
    const output = renderRelevantFilesLayer(input([rank('src/big.ts', 3), rank('src/small.ts', 1)]), 3000);
    expect(output.text).toContain('### src/big.ts (excerpts)');
    expect(output.text).toContain('1500  export function retryWebhook(attempts: number) { /* big */ }');
    expect(output.text).toContain('1497  const value1496');
    expect(output.text).not.toContain('1494  ');
    expect(output.text).toContain('### src/small.ts\n');
    expect(output.note).toBe('1 in full, 1 as excerpts, 2 ranked');
    expectWithinBudget(output, 3000, 'relevantFiles');
  });

  it('respects maxFullFileTokens', () => {
    const output = renderRelevantFilesLayer(input([rank('src/two.ts', 1)], { maxFullFileTokens: 100 }), 20_000);
    expect(output.text).toContain('### src/two.ts (excerpts)');
    expect(output.text).toContain(' 13  const value12 = compute(12); // two\n…\n197  const value196');
    expect(output.text).toContain('200  const webhook = retry(199); // two');
  });

  it('shows the head of a file without matching lines, counts unreadable files and names what did not fit', () => {
    const ranked = [rank('src/image.png', 9), rank('src/nomatch.ts', 5), rank('src/big.ts', 4), rank('src/other.ts', 3), rank('src/small.ts', 2)];
    const output = renderRelevantFilesLayer(input(ranked), 400);
    expectWithinBudget(output, 400, 'relevantFiles');
    expect(output.text).toContain('### src/nomatch.ts (start)');
    expect(output.text).toContain('  1  const value0 = compute(0); // nomatch');
    expect(output.note).toMatch(/ranked.*1 unreadable$/);
    expect(output.text).not.toContain('image.png');
  });

  it('orders by score, then path, whatever the input order', () => {
    const a = renderRelevantFilesLayer(input([rank('src/small.ts', 1), rank('src/fence.md', 1)]), 2000);
    const b = renderRelevantFilesLayer(input([rank('src/fence.md', 1), rank('src/small.ts', 1)]), 2000);
    expect(a).toEqual(b);
    expect(a.text.indexOf('src/fence.md')).toBeLessThan(a.text.indexOf('src/small.ts'));
  });

  it('stays within every budget and is empty with nothing ranked', () => {
    const ranked = Object.keys(files).map((path, i) => rank(path, i));
    for (const budget of BUDGETS) expectWithinBudget(renderRelevantFilesLayer(input(ranked), budget), budget, 'relevantFiles');
    expect(renderRelevantFilesLayer(input([]), 5000)).toEqual({ layer: 'relevantFiles', text: '', tokens: 0, note: 'no files ranked' });
  });

  it('uses most of a large budget when there is enough to show', () => {
    const ranked = Array.from({ length: 30 }, (_, i) => rank(`src/f${i}.ts`, 30 - i));
    const many = input(ranked, { readText: (path) => codeFile(path, 120, 60) });
    const output = renderRelevantFilesLayer(many, 8000);
    expectWithinBudget(output, 8000, 'relevantFiles');
    expect(output.tokens).toBeGreaterThan(6000);
    expect(countTokens(output.text)).toBe(output.tokens);
  });
});
