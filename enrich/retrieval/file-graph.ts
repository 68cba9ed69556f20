import type { FileSymbols } from '../symbols/code-symbol.js';

/** The defines/uses graph of a commit's source files: an edge joins a file to a file defining a name it uses. */
export interface FileGraph {
  /** For each file: its neighbours and the edge weights, both directions merged. */
  neighbours: readonly { to: Int32Array; weight: Float64Array }[];
  /** For each file: the sum of its edge weights. */
  strength: Float64Array;
}

/** Names defined in more files than this are too generic to link on (`get`, `render`, `index`). */
export const MAX_DEFINERS = 5;

/**
 * The identifier index of a commit: each defined name → the files defining it (indexes into
 * `files`), ascending. Pure.
 */
export function indexDefiners(files: readonly (FileSymbols | undefined)[]): Map<string, number[]> {
  const definers = new Map<string, number[]>();
  files.forEach((symbols, index) => {
    for (const symbol of symbols?.defines ?? []) {
      let list = definers.get(symbol.name);
      if (list === undefined) definers.set(symbol.name, (list = []));
      if (list[list.length - 1] !== index) list.push(index);
    }
  });
  return definers;
}

/**
 * The weighted graph joining each file to the files that define the names it uses, as aider's
 * repository map does: a name links with weight 1 / (number of files defining it), scaled by how
 * rare its use is (log(1 + files / files using it)); names defined in more than `MAX_DEFINERS`
 * files link nothing. Edges are merged both ways (a change spreads to callers and callees). Pure.
 */
export function buildFileGraph(files: readonly (FileSymbols | undefined)[], definers: ReadonlyMap<string, readonly number[]>): FileGraph {
  const usersOf = new Map<string, number>();
  for (const symbols of files) for (const name of symbols?.uses ?? []) if (definers.has(name)) usersOf.set(name, (usersOf.get(name) ?? 0) + 1);
  const edges = files.map(() => new Map<number, number>());
  const add = (from: number, to: number, weight: number): void => {
    edges[from]!.set(to, (edges[from]!.get(to) ?? 0) + weight);
  };
  files.forEach((symbols, user) => {
    for (const name of symbols?.uses ?? []) {
      const defining = definers.get(name);
      if (defining === undefined || defining.length > MAX_DEFINERS) continue;
      const weight = Math.log(1 + files.length / (usersOf.get(name) ?? 1)) / defining.length;
      for (const definer of defining) {
        if (definer === user) continue;
        add(user, definer, weight);
        add(definer, user, weight);
      }
    }
  });
  const strength = new Float64Array(files.length);
  const neighbours = edges.map((map, index) => {
    const to = Int32Array.from([...map.keys()].sort((a, b) => a - b));
    const weight = Float64Array.from(to, (target) => Math.sqrt(map.get(target)!));
    strength[index] = weight.reduce((sum, value) => sum + value, 0);
    return { to, weight };
  });
  return { neighbours, strength };
}

/**
 * Personalised PageRank over the graph: the stationary visit rate of a walk that follows edges in
 * proportion to their weight and jumps back to the `personalisation` distribution (non-negative,
 * any scale) with probability 1 − `damping`. Walks stuck at a file without edges jump back too.
 * Returns all zeros when the personalisation is all zeros. Pure.
 */
export function personalisedPageRank(graph: FileGraph, personalisation: Float64Array, damping = 0.85, iterations = 30): Float64Array {
  const n = personalisation.length;
  const total = personalisation.reduce((sum, value) => sum + value, 0);
  if (total <= 0) return new Float64Array(n);
  const restart = Float64Array.from(personalisation, (value) => value / total);
  let rank = Float64Array.from(restart);
  for (let round = 0; round < iterations; round++) {
    const next = new Float64Array(n);
    let stuck = 0;
    for (let i = 0; i < n; i++) {
      const mass = rank[i]!;
      if (mass === 0) continue;
      const strength = graph.strength[i]!;
      if (strength === 0) {
        stuck += mass;
        continue;
      }
      const { to, weight } = graph.neighbours[i]!;
      const share = (damping * mass) / strength;
      for (let k = 0; k < to.length; k++) next[to[k]!]! += share * weight[k]!;
    }
    const jump = 1 - damping + damping * stuck;
    for (let i = 0; i < n; i++) next[i]! += jump * restart[i]!;
    rank = next;
  }
  return rank;
}
