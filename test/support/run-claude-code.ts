import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The Claude Code CLI installed as a devDependency (a native binary, 2.1.330). */
export const CLAUDE_BIN = fileURLToPath(new URL('../../node_modules/.bin/claude', import.meta.url));

/**
 * The headless command line Ringmaster runs, minus the prompt (which goes on stdin). As root the
 * CLI refuses `--dangerously-skip-permissions`; `acceptEdits` plus `--allowedTools` works instead.
 */
export const HEADLESS_ARGS = ['-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'acceptEdits', '--allowedTools', 'Read,Write,Edit,Bash,Glob,Grep', '--max-turns', '8'];

/** How one CLI run ended: exit code, raw output and the stream-json lines parsed. */
export interface ClaudeRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  lines: Record<string, unknown>[];
}

/** What to run: `args` default to HEADLESS_ARGS. */
export interface RunClaudeCodeInput {
  cwd: string;
  env: NodeJS.ProcessEnv;
  prompt: string;
  args?: string[];
  timeoutMs?: number;
}

function parseLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`stdout line ${index + 1} is not JSON: ${line.slice(0, 200)}`);
      }
    });
}

/**
 * Runs the real CLI with the prompt on stdin and resolves once it exits, whatever the exit code.
 * Rejects if it outlives `timeoutMs` (its process group is killed) or prints a non-JSON line.
 */
export async function runClaudeCode({ cwd, env, prompt, args = HEADLESS_ARGS, timeoutMs = 90_000 }: RunClaudeCodeInput): Promise<ClaudeRun> {
  // Its own process group, so a timeout also kills whatever the Bash tool started.
  const child = spawn(CLAUDE_BIN, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end(prompt);
  const { code, signal, timedOut } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; timedOut: boolean }>((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (exitCode, exitSignal) => {
      clearTimeout(timer);
      resolve({ code: exitCode, signal: exitSignal, timedOut });
    });
  });
  if (timedOut) throw new Error(`claude ${args.join(' ')} still running after ${timeoutMs} ms; stderr: ${stderr.slice(-500)}`);
  return { exitCode: code, signal, stdout, stderr, lines: parseLines(stdout) };
}
