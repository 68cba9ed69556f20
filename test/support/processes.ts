import fs from 'node:fs';

/** Returns true while a process with this pid exists (zombies included until reaped). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first pid a scripted agent appended to `file` (one per line), or undefined while there is
 * none: a file just created is empty for a moment, and Number('') would be 0 (the caller's group).
 */
export function firstPidIn(file: string): number | undefined {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const match = /^(\d+)\n/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** Resolves once `pid` is gone, or rejects after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} still alive after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Polls until `read()` returns a value, or rejects after `timeoutMs` naming `what`. */
export async function eventually<T>(read: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
