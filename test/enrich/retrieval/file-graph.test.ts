import { describe, expect, it } from '@jest/globals';
import type { FileSymbols } from '../../../enrich/symbols/code-symbol.js';
import { buildFileGraph, indexDefiners, MAX_DEFINERS, personalisedPageRank } from '../../../enrich/retrieval/file-graph.js';

function symbols(defines: string[], uses: string[]): FileSymbols {
  return { language: 'javascript', defines: defines.map((name, i) => ({ name, kind: 'function', signature: name, line: i + 1, exported: true })), uses };
}

describe('indexDefiners', () => {
  it('maps each defined name to the files defining it, once each', () => {
    const definers = indexDefiners([symbols(['a', 'a', 'b'], []), undefined, symbols(['b'], [])]);
    expect(definers).toEqual(
      new Map([
        ['a', [0]],
        ['b', [0, 2]],
      ]),
    );
  });
});

describe('buildFileGraph', () => {
  it('links users and definers both ways, not through names defined in too many files', () => {
    const common = Array.from({ length: MAX_DEFINERS + 1 }, () => symbols(['render'], []));
    const files = [symbols(['parse'], []), symbols([], ['parse', 'render']), ...common];
    const graph = buildFileGraph(files, indexDefiners(files));
    expect([...graph.neighbours[0]!.to]).toEqual([1]);
    expect([...graph.neighbours[1]!.to]).toEqual([0]);
    expect(graph.neighbours[2]!.to.length).toBe(0);
    expect(graph.strength[0]).toBeGreaterThan(0);
  });

  it('weighs a name shared by two definers half as much per edge', () => {
    const files = [symbols(['only'], []), symbols(['shared'], []), symbols(['shared'], []), symbols([], ['only', 'shared'])];
    const graph = buildFileGraph(files, indexDefiners(files));
    const edge = (from: number, to: number): number => graph.neighbours[from]!.weight[[...graph.neighbours[from]!.to].indexOf(to)]!;
    expect(edge(3, 0) ** 2).toBeCloseTo(2 * edge(3, 1) ** 2, 10);
  });
});

describe('personalisedPageRank', () => {
  // 0 — 1 — 2, and 3 alone
  const files = [symbols(['a'], []), symbols(['b'], ['a', 'c']), symbols(['c'], []), symbols(['d'], [])];
  const graph = buildFileGraph(files, indexDefiners(files));

  it('spreads rank from the personalisation along edges and sums to one', () => {
    const rank = personalisedPageRank(graph, Float64Array.from([1, 0, 0, 0]));
    expect(rank.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 10);
    expect(rank[1]).toBeGreaterThan(rank[2]!);
    expect(rank[2]).toBeGreaterThan(0);
    expect(rank[3]).toBe(0);
  });

  it('returns zeros for an all-zero personalisation', () => {
    expect([...personalisedPageRank(graph, new Float64Array(4))]).toEqual([0, 0, 0, 0]);
  });
});
