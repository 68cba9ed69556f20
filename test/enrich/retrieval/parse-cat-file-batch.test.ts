import { describe, expect, it } from '@jest/globals';
import { CatFileBatchParser } from '../../../enrich/retrieval/parse-cat-file-batch.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

function output(): Buffer {
  return Buffer.concat([Buffer.from(`${A} blob 5\nhello\n`), Buffer.from('nope missing\n'), Buffer.from(`${B} blob 12\n0123456789ab\n`)]);
}

describe('CatFileBatchParser', () => {
  it('reads found, missing and oversized answers in order', () => {
    const answers = new CatFileBatchParser(10).push(output());
    expect(answers.map((a) => [a.sha, a.found, a.size, a.content?.toString()])).toEqual([
      [A, true, 5, 'hello'],
      ['nope', false, 0, undefined],
      [B, true, 12, undefined],
    ]);
  });

  it('gives the same answers however the output is cut into chunks', () => {
    const whole = output();
    for (let size = 1; size <= 7; size++) {
      const parser = new CatFileBatchParser(100);
      const answers = [];
      for (let i = 0; i < whole.length; i += size) answers.push(...parser.push(whole.subarray(i, i + size)));
      expect(answers.map((a) => a.content?.toString() ?? null)).toEqual(['hello', null, '0123456789ab']);
    }
  });

  it('keeps binary content byte for byte, newlines and NULs included', () => {
    const bytes = Buffer.from([0, 10, 255, 10, 0]);
    const [answer] = new CatFileBatchParser(100).push(Buffer.concat([Buffer.from(`${A} blob 5\n`), bytes, Buffer.from('\n')]));
    expect(answer!.content).toEqual(bytes);
  });

  it('says what it expected when a header is malformed', () => {
    expect(() => new CatFileBatchParser(10).push(Buffer.from('what is this\n'))).toThrow(/expected "<sha> <type> <size>" or "<name> missing", saw "what is this"/);
  });
});
