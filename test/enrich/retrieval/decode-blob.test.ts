import { describe, expect, it } from '@jest/globals';
import { decodeBlob } from '../../../enrich/retrieval/decode-blob.js';

describe('decodeBlob', () => {
  it('decodes UTF-8 text', () => {
    expect(decodeBlob(Buffer.from('const café = 1;\n'))).toBe('const café = 1;\n');
  });

  it('treats a NUL byte near the start as binary', () => {
    expect(decodeBlob(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01]))).toBeUndefined();
  });

  it('gives no text for a blob over the size cap or an unread one', () => {
    expect(decodeBlob(Buffer.alloc(11, 0x61), 10)).toBeUndefined();
    expect(decodeBlob(Buffer.alloc(10, 0x61), 10)).toBe('aaaaaaaaaa');
    expect(decodeBlob(undefined)).toBeUndefined();
  });

  it('decodes a Latin-1 file as Latin-1 rather than a page of replacement characters', () => {
    const latin1 = Buffer.from('# r\xe9sum\xe9 \xe0 la fa\xe7on fran\xe7aise, d\xe9j\xe0 vu, na\xefve '.repeat(20), 'latin1');
    expect(decodeBlob(latin1)).toContain('résumé à la façon');
  });

  it('keeps a mostly UTF-8 file as UTF-8 with a replacement for one stray byte', () => {
    const text = decodeBlob(Buffer.concat([Buffer.from('ok ünïcödé '.repeat(50)), Buffer.from([0xff])]));
    expect(text).toContain('ünïcödé');
    expect(text?.endsWith('\uFFFD')).toBe(true);
  });
});
