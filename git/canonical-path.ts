import fs from 'node:fs';
import path from 'node:path';

/**
 * Returns `target` made absolute with symlinks resolved, so it compares equal to the paths git
 * records (git resolves symlinks, e.g. macOS's /tmp). Works for paths that do not exist yet by
 * resolving their nearest existing ancestor.
 */
export function canonicalPath(target: string): string {
  const absolute = path.resolve(target);
  const missing: string[] = [];
  let existing = absolute;
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(existing), ...missing.reverse());
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return absolute;
      missing.push(path.basename(existing));
      existing = parent;
    }
  }
}
