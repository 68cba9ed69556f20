import fs from 'node:fs';
import path from 'node:path';

/** The start of a text file as read: decoded, and whether the file goes on beyond it. */
export interface TextPrefix {
  text: string;
  /** True when the file is longer than what was read. */
  cut: boolean;
}

/**
 * Decodes bytes read from a file as UTF-8, leniently (invalid sequences become U+FFFD), with
 * CRLF line ends made LF. Returns undefined for binary content (a NUL byte). When `cut`, a
 * character split by the cut is dropped.
 */
export function decodeText(bytes: Uint8Array, cut = false): string | undefined {
  if (bytes.includes(0)) return undefined;
  let text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/\r\n/g, '\n');
  if (cut) text = text.replace(/\uFFFD+$/u, '');
  return text;
}

// Non-blocking open, so a FIFO named like an instruction file cannot hang the read.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * Reads at most `maxBytes` from the start of `relativePath` under `root`, never the whole of a
 * large file. Returns undefined, never throws, when the file is missing, is not a regular file
 * (a directory, a FIFO), is a symbolic link that dangles or leads outside `root`, cannot be
 * read, or is binary.
 */
export function readTextPrefix(root: string, relativePath: string, maxBytes: number): TextPrefix | undefined {
  let descriptor: number | undefined;
  try {
    const realRoot = fs.realpathSync(root);
    const real = fs.realpathSync(path.join(realRoot, relativePath));
    const inside = path.relative(realRoot, real);
    if (!inside || inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) return undefined;
    descriptor = fs.openSync(real, OPEN_FLAGS);
    const stat = fs.fstatSync(descriptor);
    if (!stat.isFile()) return undefined;
    const buffer = Buffer.alloc(Math.max(0, Math.min(maxBytes, stat.size)));
    let filled = 0;
    while (filled < buffer.length) {
      const read = fs.readSync(descriptor, buffer, filled, buffer.length - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    const cut = stat.size > filled;
    const text = decodeText(buffer.subarray(0, filled), cut);
    return text === undefined ? undefined : { text, cut };
  } catch {
    return undefined;
  } finally {
    if (descriptor !== undefined) fs.closeSync(descriptor);
  }
}
