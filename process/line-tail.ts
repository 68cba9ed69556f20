/** Keeps the last lines pushed into it, for error summaries. */
export interface LineTail {
  push(line: string): void;
  /** Returns the kept lines joined by newlines, trimmed and cut to its last `maxChars` characters. */
  text(maxChars?: number): string;
}

/** Returns a LineTail that keeps the last `maxLines` non-blank lines. */
export function createLineTail(maxLines = 20): LineTail {
  const lines: string[] = [];
  return {
    push(line) {
      if (!line.trim()) return;
      lines.push(line);
      if (lines.length > maxLines) lines.shift();
    },
    text(maxChars = 1000) {
      const text = lines.join('\n').trim();
      return text.length > maxChars ? `…${text.slice(-(maxChars - 1))}` : text;
    },
  };
}
