import { describe, expect, it } from '@jest/globals';
import { clampUtf8 } from '../../model/text-limits.js';

describe('clampUtf8', () => {
  it('keeps text that fits and cuts the rest at a character boundary, with an ellipsis', () => {
    expect(clampUtf8('short', 400)).toBe('short');
    const cut = clampUtf8('€'.repeat(200), 400);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(400);
    expect(cut).toBe(`${'€'.repeat(132)}…`);
    // A surrogate pair is never split.
    expect(clampUtf8('😀😀😀', 9)).toBe('😀…');
  });
});
