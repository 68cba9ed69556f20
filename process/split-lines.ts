import { StringDecoder } from 'node:string_decoder';

/** Turns chunks of a byte stream into whole lines. */
export interface LineSplitter {
  /** Takes the next chunk and calls back once per complete line (without `\n` or `\r\n`). */
  push(chunk: Buffer): void;
  /** Calls back with the unterminated last line, if any. Call once, at the end of the stream. */
  flush(): void;
}

/** Returns a LineSplitter that decodes UTF-8 (characters split across chunks included) and calls `onLine` per line. */
export function createLineSplitter(onLine: (line: string) => void): LineSplitter {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  const emit = (line: string) => onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  return {
    push(chunk) {
      const lines = (rest + decoder.write(chunk)).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) emit(line);
    },
    flush() {
      const last = rest + decoder.end();
      rest = '';
      if (last) emit(last);
    },
  };
}
