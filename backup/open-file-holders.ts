import fs from 'node:fs';

/** A process that has one of the files open. */
export interface FileHolder {
  pid: number;
  /** Its command name (`/proc/<pid>/comm`), e.g. `temporal` or `node`. */
  command: string;
  file: string;
}

function realpathOrUndefined(file: string): string | undefined {
  try {
    return fs.realpathSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Returns the processes of this user that have any of `files` open, read from /proc (Linux; an
 * empty list elsewhere, and for processes whose descriptors we may not read). This sees what
 * SQLite locks cannot: a connection in rollback-journal mode holds no lock while it is idle.
 */
export function findFileHolders(files: readonly string[]): FileHolder[] {
  if (!fs.existsSync('/proc/self/fd')) return [];
  const targets = new Map<string, string>();
  for (const file of files) {
    const real = realpathOrUndefined(file);
    if (real) targets.set(real, file);
  }
  if (targets.size === 0) return [];
  const holders: FileHolder[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // another user's process, or it ended meanwhile
    }
    const held = new Set<string>();
    for (const fd of fds) {
      try {
        const file = targets.get(fs.readlinkSync(`/proc/${entry}/fd/${fd}`));
        if (file) held.add(file);
      } catch {
        // The descriptor closed while we looked.
      }
    }
    if (held.size === 0) continue;
    let command = '?';
    try {
      command = fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
    } catch {
      // It ended meanwhile: still report it, it held the file a moment ago.
    }
    for (const file of held) holders.push({ pid: Number(entry), command, file });
  }
  return holders;
}
