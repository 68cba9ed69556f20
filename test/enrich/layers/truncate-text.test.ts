import { describe, expect, it } from '@jest/globals';
import { keepTail, truncateWithMarker } from '../../../enrich/layers/truncate-text.js';
import { countTokens } from '../../../enrich/tokens.js';

const lines = Array.from({ length: 300 }, (_, i) => `line ${i + 1}: something happened here`).join('\n');

describe('truncateWithMarker', () => {
  it('keeps a text that fits unchanged', () => {
    expect(truncateWithMarker('short', 10, '[cut]')).toEqual({ text: 'short', tokens: countTokens('short'), truncated: false });
  });

  it('keeps the start and ends with the marker', () => {
    const cut = truncateWithMarker(lines, 100, '[… cut]');
    expect(cut.truncated).toBe(true);
    expect(cut.tokens).toBeLessThanOrEqual(100);
    expect(cut.text.startsWith('line 1:')).toBe(true);
    expect(cut.text.endsWith('\n[… cut]')).toBe(true);
  });

  it('gives nothing when not even the marker fits', () => {
    expect(truncateWithMarker(lines, 2, '[… a long marker that does not fit]').text).toBe('');
  });
});

describe('keepTail', () => {
  it('keeps the end, from a line start, after the marker', () => {
    const tail = keepTail(lines, 100, '[… earlier cut]');
    expect(tail.tokens).toBeLessThanOrEqual(100);
    expect(tail.text.startsWith('[… earlier cut]\nline ')).toBe(true);
    expect(tail.text.endsWith('line 300: something happened here')).toBe(true);
  });

  it('copes with one huge line and multi-byte characters', () => {
    const text = '日本語のテキスト😀'.repeat(2000);
    const tail = keepTail(text, 60, '[…]');
    expect(tail.tokens).toBeLessThanOrEqual(60);
    expect(tail.text).not.toMatch(/\uFFFD/u);
    expect(text.endsWith(tail.text.slice('[…]\n'.length))).toBe(true);
  });

  it('gives nothing when not even the marker fits, and keeps a text that fits', () => {
    expect(keepTail(lines, 1, '[… earlier cut]').text).toBe('');
    expect(keepTail('a\nb', 10, '[…]').text).toBe('a\nb');
  });
});
