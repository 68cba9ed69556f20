import { spawn } from 'node:child_process';

// No imports from the rest of Ringmaster: this module also runs inside the launcher's own small
// process (git/launcher-child.ts), which must stay small to be cheap to fork from.

/** A short command to run to its end with its output collected (git, mostly). */
export interface CollectRequest {
  command: string;
  args: readonly string[];
  cwd: string;
  /** The whole environment of the command (nothing is inherited). */
  env: Readonly<Record<string, string | undefined>>;
  /** Written to stdin, which is then closed; stdin is closed at once without it. */
  input?: string;
}

/** How it ended: `startError` when it could not be started (then no exit code). */
export interface CollectResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: string | null;
  startError?: string;
}

/** Output beyond this (per stream) ends the command: nothing Ringmaster reads this way is that big. */
export const MAX_OUTPUT_BYTES = 100 * 1024 * 1024;

/** Strips one final newline, as a shell's `$(…)` would (and execa does). */
function stripFinalNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

/** Runs the command (argv, no shell) until it exits and collects its output, decoded as UTF-8 with the final newline stripped. Never rejects. */
export function collectProcess(request: CollectRequest): Promise<CollectResult> {
  return new Promise((resolve) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let sizes = [0, 0];
    let overflow: string | undefined;
    let settled = false;
    const finish = (result: CollectResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    let child;
    try {
      child = spawn(request.command, [...request.args], {
        cwd: request.cwd,
        env: request.env,
        stdio: [request.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      });
    } catch (err) {
      finish({ stdout: '', stderr: '', exitCode: null, signal: null, startError: (err as Error).message });
      return;
    }
    const collect = (into: Buffer[], index: 0 | 1) => (chunk: Buffer) => {
      sizes = index === 0 ? [sizes[0]! + chunk.length, sizes[1]!] : [sizes[0]!, sizes[1]! + chunk.length];
      if (sizes[index]! > MAX_OUTPUT_BYTES) {
        overflow ??= `${request.command} wrote more than ${MAX_OUTPUT_BYTES} bytes`;
        child.kill('SIGKILL');
        return;
      }
      into.push(chunk);
    };
    child.stdout!.on('data', collect(stdout, 0));
    child.stderr!.on('data', collect(stderr, 1));
    child.once('error', (err) => finish({ stdout: '', stderr: '', exitCode: null, signal: null, startError: err.message }));
    child.once('close', (code, signal) => {
      const text = (chunks: Buffer[]) => stripFinalNewline(Buffer.concat(chunks).toString('utf8'));
      finish({ stdout: text(stdout), stderr: overflow ?? text(stderr), exitCode: overflow ? null : code, signal, ...(overflow ? { startError: overflow } : {}) });
    });
    if (request.input !== undefined) {
      // A command that exits without reading its stdin is not an error.
      child.stdin!.once('error', () => undefined);
      child.stdin!.end(request.input);
    }
  });
}
