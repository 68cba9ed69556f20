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

/** How it ended: `failure` says why there is no exit code (it could not start, wrote too much, or its launcher ended). */
export interface CollectResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: string | null;
  failure?: string;
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
    let settled = false;
    const finish = (result: CollectResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const failed = (failure: string) => finish({ stdout: '', stderr: '', exitCode: null, signal: null, failure });
    let child;
    try {
      child = spawn(request.command, [...request.args], {
        cwd: request.cwd,
        env: request.env,
        stdio: [request.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      });
    } catch (err) {
      failed(`could not be started: ${(err as Error).message}`);
      return;
    }
    let overflow: string | undefined;
    const collect = (stream: NodeJS.ReadableStream) => {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_OUTPUT_BYTES) {
          overflow ??= `wrote more than ${MAX_OUTPUT_BYTES} bytes and was stopped`;
          child.kill('SIGKILL');
        } else chunks.push(chunk);
      });
      return () => stripFinalNewline(Buffer.concat(chunks).toString('utf8'));
    };
    const stdout = collect(child.stdout!);
    const stderr = collect(child.stderr!);
    child.once('error', (err) => failed(`could not be started: ${err.message}`));
    child.once('close', (code, signal) => {
      if (overflow) failed(overflow);
      else finish({ stdout: stdout(), stderr: stderr(), exitCode: code, signal });
    });
    if (request.input !== undefined) {
      // A command that exits without reading its stdin is not an error.
      child.stdin!.once('error', () => undefined);
      child.stdin!.end(request.input);
    }
  });
}
