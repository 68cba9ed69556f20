/** A deterministic source of random choices: the same seed gives the same choices, so a chaos run can be replayed. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** One of `items` (which must not be empty). */
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy of `items`. */
  shuffle<T>(items: readonly T[]): T[];
}

const SEED_LIMIT = 2 ** 32;

/** Returns mulberry32 seeded with `seed` (an integer in [0, 2^32)); throws a RangeError for anything else. */
export function seededRandom(seed: number): Random {
  if (!Number.isInteger(seed) || seed < 0 || seed >= SEED_LIMIT) throw new RangeError(`a seed is an integer in [0, ${SEED_LIMIT}), got ${seed}`);
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / SEED_LIMIT;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('cannot pick from an empty list');
      return items[int(0, items.length - 1)]!;
    },
    shuffle: <T>(items: readonly T[]): T[] => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = int(0, i);
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy;
    },
  };
}

/** Parses a seed given as text (`--seed`, `CHAOS_SEED`); throws naming what it expected and what it saw. */
export function parseSeed(text: string): number {
  const seed = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(seed) || seed >= SEED_LIMIT) throw new RangeError(`a seed is an integer in [0, ${SEED_LIMIT}), got ${JSON.stringify(text)}`);
  return seed;
}

/** A new seed from the platform's random source, for a run that was given none. */
export function freshSeed(): number {
  return Math.floor(Math.random() * SEED_LIMIT);
}
