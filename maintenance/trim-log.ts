import fs from 'node:fs';

/**
 * Cuts a log larger than `maxBytes` to its first and last `maxBytes / 4` bytes with a line saying
 * how much went between them (where an agent's run starts and how it ended are what people read).
 * Returns true when it cut. For logs no process writes any more (a finished task's).
 */
export function trimLog(file: string, maxBytes: number): boolean {
  const size = fs.statSync(file, { throwIfNoEntry: false })?.size;
  if (size === undefined || size <= maxBytes) return false;
  const keep = Math.floor(maxBytes / 4);
  const fd = fs.openSync(file, 'r');
  let head: Buffer;
  let tail: Buffer;
  try {
    head = Buffer.alloc(keep);
    fs.readSync(fd, head, 0, keep, 0);
    tail = Buffer.alloc(keep);
    fs.readSync(fd, tail, 0, keep, size - keep);
  } finally {
    fs.closeSync(fd);
  }
  const note = Buffer.from(`\n[… ${size - 2 * keep} bytes cut by ringmaster maintenance …]\n`);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.concat([head, note, tail]), { mode: 0o600 });
  fs.renameSync(tmp, file);
  return true;
}
