import { describe, expect, it } from '@jest/globals';
import { createLineSplitter } from '../../process/split-lines.js';

function split(chunks: Buffer[]): string[] {
  const lines: string[] = [];
  const splitter = createLineSplitter((line) => lines.push(line));
  for (const chunk of chunks) splitter.push(chunk);
  splitter.flush();
  return lines;
}

describe('createLineSplitter', () => {
  it('splits on LF and CRLF, keeps empty lines and flushes an unterminated last line', () => {
    expect(split([Buffer.from('a\r\n\nb\nc')])).toEqual(['a', '', 'b', 'c']);
  });

  it('joins lines and characters cut across chunks', () => {
    const bytes = Buffer.from('{"text":"€ ✓"}\nnext\n');
    const chunks = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
    expect(split(chunks)).toEqual(['{"text":"€ ✓"}', 'next']);
  });

  it('emits nothing for an empty stream or a stream ending in a newline', () => {
    expect(split([])).toEqual([]);
    expect(split([Buffer.from('only\n')])).toEqual(['only']);
  });
});
