import fs from 'node:fs';
import path from 'node:path';

/**
 * Points the `current` link at `target` (a release directory next to it) atomically: a new link
 * is renamed over the old one, so a reader always sees one release or the other.
 */
export function switchCurrent(currentLink: string, target: string): void {
  const staging = `${currentLink}.tmp-${process.pid}`;
  fs.rmSync(staging, { force: true });
  fs.symlinkSync(path.basename(target), staging);
  fs.renameSync(staging, currentLink);
}

/** The release directory `current` points at, or undefined when there is none yet. */
export function readCurrent(currentLink: string): string | undefined {
  try {
    return path.resolve(path.dirname(currentLink), fs.readlinkSync(currentLink));
  } catch {
    return undefined;
  }
}
