import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { canonicalPath } from '../../git/canonical-path.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';

let dir: string;
beforeEach(() => {
  dir = fs.realpathSync(makeTempDir());
});
afterEach(() => removeDir(dir));

describe('canonicalPath', () => {
  it('resolves symlinks in an existing path', () => {
    fs.mkdirSync(path.join(dir, 'real'));
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'));
    expect(canonicalPath(path.join(dir, 'link'))).toBe(path.join(dir, 'real'));
  });

  it('resolves the existing part of a path that does not exist yet', () => {
    fs.mkdirSync(path.join(dir, 'real'));
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'));
    expect(canonicalPath(path.join(dir, 'link', 'a', 'b'))).toBe(path.join(dir, 'real', 'a', 'b'));
  });

  it('normalizes . and .. segments', () => {
    expect(canonicalPath(`${dir}/x/../y/./z`)).toBe(path.join(dir, 'y', 'z'));
  });
});
