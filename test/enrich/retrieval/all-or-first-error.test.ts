import { describe, expect, it } from '@jest/globals';
import { allOrFirstError } from '../../../enrich/retrieval/all-or-first-error.js';

const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
const failAfter = (ms: number, message: string) => new Promise<never>((_, reject) => setTimeout(() => reject(new Error(message)), ms));

describe('allOrFirstError', () => {
  it('gives every value, in order', async () => {
    await expect(allOrFirstError<[number, string]>([after(5, 1), after(1, 'b')])).resolves.toEqual([1, 'b']);
  });

  it('rejects only after the slower promises have settled, with the first error in order', async () => {
    let slowDone = false;
    const slow = after(40, 'slow').then((value) => {
      slowDone = true;
      return value;
    });
    await expect(allOrFirstError<[never, string, never]>([failAfter(1, 'first'), slow, failAfter(2, 'second')])).rejects.toThrow('first');
    expect(slowDone).toBe(true);
  });
});
