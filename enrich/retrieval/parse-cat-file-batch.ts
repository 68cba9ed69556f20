/** One answer of `git cat-file --batch`, in request order. */
export interface BatchAnswer {
  /** The requested name as git echoed it (the object id for a found object). */
  sha: string;
  found: boolean;
  size: number;
  /** The object's bytes, or undefined when missing or larger than the parser's `maxBytes`. */
  content: Buffer | undefined;
}

/**
 * Incremental parser of `git cat-file --batch` output: feed it chunks as they arrive, it returns
 * the answers completed so far. Contents over `maxBytes` are skipped without being kept, so one
 * huge blob cannot take the memory. Throws when a header is not `<sha> <type> <size>` or
 * `<name> missing`.
 */
export class CatFileBatchParser {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private current: { sha: string; size: number; keep: boolean; chunks: Buffer[]; remaining: number } | undefined;

  constructor(private readonly maxBytes: number) {}

  /** Adds a chunk of output; returns the answers it completed. */
  push(chunk: Buffer): BatchAnswer[] {
    const answers: BatchAnswer[] = [];
    let buffer = chunk;
    while (buffer.length > 0) {
      if (this.current) {
        buffer = this.consumeBody(buffer, answers);
        continue;
      }
      const newline = buffer.indexOf(0x0a);
      if (newline < 0) {
        this.pending.push(buffer);
        this.pendingBytes += buffer.length;
        break;
      }
      const header = Buffer.concat([...this.pending, buffer.subarray(0, newline)], this.pendingBytes + newline).toString('utf8');
      this.pending = [];
      this.pendingBytes = 0;
      buffer = buffer.subarray(newline + 1);
      this.startAnswer(header, answers);
    }
    return answers;
  }

  private startAnswer(header: string, answers: BatchAnswer[]): void {
    const parts = header.split(' ');
    if (parts.length === 2 && parts[1] === 'missing') {
      answers.push({ sha: parts[0]!, found: false, size: 0, content: undefined });
      return;
    }
    const size = Number(parts[2]);
    if (parts.length !== 3 || !Number.isInteger(size) || size < 0) {
      throw new Error(`cat-file --batch: expected "<sha> <type> <size>" or "<name> missing", saw ${JSON.stringify(header.slice(0, 120))}`);
    }
    // The body is followed by one newline, consumed with it.
    this.current = { sha: parts[0]!, size, keep: size <= this.maxBytes, chunks: [], remaining: size + 1 };
  }

  private consumeBody(buffer: Buffer, answers: BatchAnswer[]): Buffer {
    const current = this.current!;
    const take = Math.min(current.remaining, buffer.length);
    if (current.keep) current.chunks.push(buffer.subarray(0, take));
    current.remaining -= take;
    if (current.remaining === 0) {
      const content = current.keep ? Buffer.concat(current.chunks).subarray(0, current.size) : undefined;
      answers.push({ sha: current.sha, found: true, size: current.size, content });
      this.current = undefined;
    }
    return buffer.subarray(take);
  }
}
