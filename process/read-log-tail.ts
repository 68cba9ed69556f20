import fs from 'node:fs';

/** The last `maxLines` lines of a log file, at most `maxChars` characters; empty when it cannot be read. */
export function readLogTail(file: string, maxLines: number, maxChars: number): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
  const tail = text.trimEnd().split('\n').slice(-maxLines).join('\n');
  return tail.length > maxChars ? tail.slice(-maxChars) : tail;
}
