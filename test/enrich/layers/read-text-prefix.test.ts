import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { decodeText, readTextPrefix } from '../../../enrich/layers/read-text-prefix.js';
import { makeTempDir, removeDir } from '../../support/temp-dir.js';

let dir: string;
let root: string;
beforeEach(() => {
  dir = makeTempDir();
  root = path.join(dir, 'worktree');
  fs.mkdirSync(root);
});
afterEach(() => removeDir(dir));

describe('decodeText', () => {
  it('decodes invalid UTF-8 leniently, drops a BOM and makes CRLF LF', () => {
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x0d, 0x0a, 0xff, 0x62]))).toBe('a\n\uFFFDb');
  });

  it('calls content with a NUL byte binary', () => {
    expect(decodeText(Buffer.from('a\u0000b'))).toBeUndefined();
  });

  it('drops a character split by the cut', () => {
    const bytes = Buffer.from('añ').subarray(0, 2);
    expect(decodeText(bytes, true)).toBe('a');
  });
});

describe('readTextPrefix', () => {
  it('reads a small file whole', () => {
    fs.writeFileSync(path.join(root, 'a.md'), 'hello\n');
    expect(readTextPrefix(root, 'a.md', 1000)).toEqual({ text: 'hello\n', cut: false });
  });

  it('reads only the first bytes of a 50 MB file', () => {
    const file = path.join(root, 'big.md');
    const line = 'a line of instructions\n';
    fs.writeFileSync(file, line.repeat(Math.ceil((50 * 1024 * 1024) / line.length)));
    const prefix = readTextPrefix(root, 'big.md', 4096);
    expect(prefix?.cut).toBe(true);
    expect(prefix?.text.length).toBeLessThanOrEqual(4096);
    expect(prefix?.text.startsWith(line)).toBe(true);
  });

  it('skips missing files, directories, binary files and FIFOs', async () => {
    fs.mkdirSync(path.join(root, 'AGENTS.md'));
    fs.writeFileSync(path.join(root, 'bin.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    expect(readTextPrefix(root, 'missing.md', 100)).toBeUndefined();
    expect(readTextPrefix(root, 'AGENTS.md', 100)).toBeUndefined();
    expect(readTextPrefix(root, 'bin.md', 100)).toBeUndefined();
    if (process.platform !== 'win32') {
      await execa('mkfifo', [path.join(root, 'fifo.md')]);
      expect(readTextPrefix(root, 'fifo.md', 100)).toBeUndefined();
    }
  });

  it('follows a symbolic link inside the root but not one leading outside or dangling', () => {
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside the worktree');
    fs.writeFileSync(path.join(root, 'real.md'), 'inside');
    fs.symlinkSync('real.md', path.join(root, 'inner.md'));
    fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(root, 'outer.md'));
    fs.symlinkSync('../secret.txt', path.join(root, 'relative-outer.md'));
    fs.symlinkSync('nowhere.md', path.join(root, 'dangling.md'));
    expect(readTextPrefix(root, 'inner.md', 100)?.text).toBe('inside');
    expect(readTextPrefix(root, 'outer.md', 100)).toBeUndefined();
    expect(readTextPrefix(root, 'relative-outer.md', 100)).toBeUndefined();
    expect(readTextPrefix(root, 'dangling.md', 100)).toBeUndefined();
    expect(readTextPrefix(path.join(dir, 'no-such-root'), 'real.md', 100)).toBeUndefined();
  });

  it('reads an empty file as empty text', () => {
    fs.writeFileSync(path.join(root, 'empty.md'), '');
    expect(readTextPrefix(root, 'empty.md', 100)).toEqual({ text: '', cut: false });
  });
});
