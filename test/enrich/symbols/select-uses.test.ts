import { describe, expect, it } from '@jest/globals';
import { selectUses } from '../../../enrich/symbols/select-uses.js';

describe('selectUses', () => {
  it('deduplicates, drops short names, keywords and definitions, and sorts by code unit', () => {
    const uses = selectUses(['send', 'a', 'Reply', 'send', 'const', 'mine', 'émoji', 'Zed', '_x'], new Set(['mine']), new Set(['const']));
    expect(uses).toEqual(['Reply', 'Zed', '_x', 'send', 'émoji']);
  });

  it('caps by first appearance before sorting', () => {
    expect(selectUses(['zz', 'yy', 'xx'], new Set(), new Set(), 2)).toEqual(['yy', 'zz']);
  });
});
