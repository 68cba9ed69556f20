import fs from 'node:fs';
import path from 'node:path';

/** One log file of a task: an agent iteration's output or a test run's. */
export interface LogFile {
  iteration: number;
  kind: 'agent' | 'tests';
  path: string;
}

const LOG_NAME = /^(iteration|tests)-(\d+)\.log$/;

/** The task's log files in the order they were written (iteration 1's agent, its tests, iteration 2 …). */
export function listLogFiles(dir: string): LogFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .flatMap((name) => {
      const match = LOG_NAME.exec(name);
      return match ? [{ iteration: Number(match[2]), kind: match[1] === 'iteration' ? ('agent' as const) : ('tests' as const), path: path.join(dir, name) }] : [];
    })
    .sort((a, b) => a.iteration - b.iteration || (a.kind === b.kind ? 0 : a.kind === 'agent' ? -1 : 1));
}

/** The heading line written before each log file's content. */
export function logHeading(file: LogFile): string {
  return `=== iteration ${file.iteration}: ${file.kind === 'agent' ? 'agent output' : 'test run'} ===`;
}

/** Everything the task's agents and test runs printed so far, with a heading per file. */
export function readLogs(dir: string): string {
  return listLogFiles(dir)
    .map((file) => `${logHeading(file)}\n${fs.readFileSync(file.path, 'utf8')}`)
    .join('');
}

/**
 * Follows a task's logs like `tail -f` over all its files: calls `emit` for each complete new
 * line (headings included) every `intervalMs`, and resolves once `finished()` is true and
 * nothing new arrived, or when `signal` aborts (the client went away).
 */
export async function followLogs(options: { dir: string; finished: () => boolean; emit: (line: string) => void; signal: AbortSignal; intervalMs?: number }): Promise<void> {
  const offsets = new Map<string, number>();
  const partial = new Map<string, string>();
  const drain = (): boolean => {
    let any = false;
    for (const file of listLogFiles(options.dir)) {
      const size = fs.statSync(file.path).size;
      const from = offsets.get(file.path);
      if (from === undefined) {
        options.emit(logHeading(file));
        offsets.set(file.path, 0);
        any = true;
      }
      const start = offsets.get(file.path)!;
      if (size <= start) continue;
      const fd = fs.openSync(file.path, 'r');
      const buffer = Buffer.alloc(size - start);
      fs.readSync(fd, buffer, 0, buffer.length, start);
      fs.closeSync(fd);
      offsets.set(file.path, size);
      const text = (partial.get(file.path) ?? '') + buffer.toString('utf8');
      const lines = text.split('\n');
      partial.set(file.path, lines.pop() ?? '');
      for (const line of lines) options.emit(line);
      any = true;
    }
    return any;
  };
  while (!options.signal.aborted) {
    const done = options.finished();
    const progressed = drain();
    if (done && !progressed) {
      for (const rest of partial.values()) if (rest) options.emit(rest);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
}
