import { describe, expect, it } from '@jest/globals';
import { parseSeed, seededRandom } from '../../../bench/chaos/seeded-random.js';

describe('seededRandom', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const draw = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    for (const value of draw(7)) expect(value >= 0 && value < 1).toBe(true);
  });

  it('draws integers within both bounds, picks from a list and shuffles a copy', () => {
    const random = seededRandom(1);
    const ints = new Set(Array.from({ length: 200 }, () => random.int(2, 4)));
    expect([...ints].sort()).toEqual([2, 3, 4]);
    expect(['a', 'b']).toContain(random.pick(['a', 'b']));
    const items = [1, 2, 3, 4, 5];
    const shuffled = random.shuffle(items);
    expect([...shuffled].sort()).toEqual(items);
    expect(items).toEqual([1, 2, 3, 4, 5]);
    expect(() => random.pick([])).toThrow('empty');
  });

  it('refuses a seed that is not an integer in [0, 2^32)', () => {
    expect(() => seededRandom(-1)).toThrow(RangeError);
    expect(() => seededRandom(2 ** 32)).toThrow(RangeError);
    expect(() => seededRandom(1.5)).toThrow(RangeError);
  });
});

describe('parseSeed', () => {
  it('reads a decimal seed and names what it saw otherwise', () => {
    expect(parseSeed(' 123 ')).toBe(123);
    expect(parseSeed('4294967295')).toBe(4294967295);
    expect(() => parseSeed('4294967296')).toThrow('got "4294967296"');
    expect(() => parseSeed('12abc')).toThrow('a seed is an integer in [0, 4294967296), got "12abc"');
    expect(() => parseSeed('-3')).toThrow(RangeError);
  });
});
