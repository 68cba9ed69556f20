import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { evictCache } from '../../maintenance/evict-cache.js';
import { rotateLog } from '../../maintenance/rotate-log.js';
import { trimLog } from '../../maintenance/trim-log.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';

let dir: string;
beforeEach(() => {
  dir = makeTempDir('ringmaster-maint-');
});
afterEach(() => removeDir(dir));

describe('rotateLog', () => {
  it('moves a log past its limit to .1, shifts older ones and drops the oldest, while a writer keeps appending', () => {
    const file = path.join(dir, 'worker.log');
    const writer = fs.openSync(file, 'a');
    fs.writeSync(writer, 'x'.repeat(200));
    fs.writeFileSync(`${file}.1`, 'one');
    fs.writeFileSync(`${file}.2`, 'two');
    expect(rotateLog(file, 100, 2)).toBe(true);
    expect(fs.readFileSync(`${file}.1`, 'utf8')).toBe('x'.repeat(200));
    expect(fs.readFileSync(`${file}.2`, 'utf8')).toBe('one');
    expect(fs.existsSync(`${file}.3`)).toBe(false);
    expect(fs.statSync(`${file}.1`).mode & 0o777).toBe(0o600);
    // The process holding it open (O_APPEND) writes on at the start of the emptied file.
    fs.writeSync(writer, 'after\n');
    fs.closeSync(writer);
    expect(fs.readFileSync(file, 'utf8')).toBe('after\n');
  });

  it('leaves a small or missing log alone', () => {
    const file = path.join(dir, 'api.log');
    fs.writeFileSync(file, 'small');
    expect(rotateLog(file, 100, 3)).toBe(false);
    expect(rotateLog(path.join(dir, 'none.log'), 100, 3)).toBe(false);
    expect(fs.readdirSync(dir)).toEqual(['api.log']);
  });
});

describe('trimLog', () => {
  it('keeps the head and the tail of a long log with a note of what was cut', () => {
    const file = path.join(dir, 'iteration-1.log');
    fs.writeFileSync(file, `${'h'.repeat(250)}${'m'.repeat(500)}${'t'.repeat(250)}`);
    expect(trimLog(file, 400)).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${'h'.repeat(100)}\n[… 800 bytes cut by ringmaster maintenance …]\n${'t'.repeat(100)}`);
    expect(trimLog(file, 400)).toBe(false);
  });
});

describe('evictCache', () => {
  it('deletes the oldest files until the cache fits, in nested folders too', () => {
    const files = ['a', 'sub/b', 'sub/c'].map((name, i) => {
      const file = path.join(dir, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, 'z'.repeat(100));
      const at = new Date(Date.now() - (3 - i) * 60_000);
      fs.utimesSync(file, at, at);
      return file;
    });
    expect(evictCache(dir, 150)).toBe(200);
    expect(files.map((file) => fs.existsSync(file))).toEqual([false, false, true]);
    expect(evictCache(dir, 150)).toBe(0);
    expect(evictCache(path.join(dir, 'missing'), 0)).toBe(0);
  });
});
