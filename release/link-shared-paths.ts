import fs from 'node:fs';
import path from 'node:path';

/**
 * Symlinks each of `paths` from `sourceDir` into `targetDir` (e.g. node_modules from the main
 * checkout into a worktree or a release), replacing what is there. Missing sources are skipped
 * and returned, so the caller can report them.
 */
export function linkSharedPaths(sourceDir: string, targetDir: string, paths: readonly string[]): string[] {
  const missing: string[] = [];
  for (const relative of paths) {
    const source = path.join(sourceDir, relative);
    if (!fs.existsSync(source)) {
      missing.push(relative);
      continue;
    }
    const target = path.join(targetDir, relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.rmSync(target, { recursive: true, force: true });
    fs.symlinkSync(fs.realpathSync(source), target);
  }
  return missing;
}
