import fs from 'node:fs';
import os from 'node:os';
import { dataPaths } from './paths.js';

/** Keeps what may appear in a task queue name and a folder name. */
function sanitize(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'host'
  );
}

/**
 * Returns this host's id: RINGMASTER_HOST_ID when set, else the id stored in `<home>/host-id`,
 * created once as `<hostname>-<random>`. Stable across restarts, so a restarted worker polls the
 * same host task queue and picks up the activities of the worktrees it holds.
 */
export function resolveHostId(home: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (env.RINGMASTER_HOST_ID) return sanitize(env.RINGMASTER_HOST_ID);
  const file = dataPaths(home).hostId;
  try {
    const stored = fs.readFileSync(file, 'utf8').trim();
    if (stored) return stored;
  } catch {
    // First start on this data dir.
  }
  const id = `${sanitize(os.hostname())}-${Math.random().toString(36).slice(2, 8)}`;
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  try {
    // 'wx': if two processes race, the first one's id wins and both use it.
    fs.writeFileSync(file, `${id}\n`, { flag: 'wx', mode: 0o600 });
    return id;
  } catch {
    return fs.readFileSync(file, 'utf8').trim();
  }
}
