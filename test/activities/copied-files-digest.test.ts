import { afterEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { copiedFilesDigest } from '../../activities/copied-files-digest.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeDir(dir);
});

function checkout(files: Record<string, string>): string {
  const dir = makeTempDir('ringmaster-copied-');
  dirs.push(dir);
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

describe('copiedFilesDigest', () => {
  it('is the same for the same copied files in two checkouts, whatever else they hold and in any order', () => {
    const a = checkout({ '.env': 'A=1\n', 'config/local.json': '{}', 'src/x.ts': 'one' });
    const b = checkout({ '.env': 'A=1\n', 'config/local.json': '{}', 'src/x.ts': 'two' });
    expect(copiedFilesDigest(a, ['.env', 'config'])).toBe(copiedFilesDigest(b, ['config', '.env']));
  });

  it('changes when a copied file, a file inside a copied directory, or its presence changes', () => {
    const base = copiedFilesDigest(checkout({ '.env': 'A=1\n', 'config/local.json': '{}' }), ['.env', 'config']);
    expect(copiedFilesDigest(checkout({ '.env': 'A=2\n', 'config/local.json': '{}' }), ['.env', 'config'])).not.toBe(base);
    expect(copiedFilesDigest(checkout({ '.env': 'A=1\n', 'config/local.json': '{"x":1}' }), ['.env', 'config'])).not.toBe(base);
    expect(copiedFilesDigest(checkout({ '.env': 'A=1\n', 'config/local.json': '{}', 'config/more.json': '' }), ['.env', 'config'])).not.toBe(base);
    expect(copiedFilesDigest(checkout({ 'config/local.json': '{}' }), ['.env', 'config'])).not.toBe(base);
  });

  it('does not confuse a file with the same bytes split differently', () => {
    const one = copiedFilesDigest(checkout({ a: 'xy', b: '' }), ['a', 'b']);
    const two = copiedFilesDigest(checkout({ a: 'x', b: 'y' }), ['a', 'b']);
    expect(one).not.toBe(two);
  });
});
