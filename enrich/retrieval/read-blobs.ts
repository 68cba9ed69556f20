import { execa, execaSync } from 'execa';
import { CatFileBatchParser, type BatchAnswer } from './parse-cat-file-batch.js';

/** Variables that would point git at another repository than the one named with `-C`. */
const REDIRECTING_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_COMMON_DIR', 'GIT_NAMESPACE'];

function gitEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' };
  for (const name of REDIRECTING_VARIABLES) delete env[name];
  return env;
}

/**
 * Streams the blobs `shas` of the repository at `dir` through one `git cat-file --batch` process,
 * calling `onBlob` for each in request order (content undefined when missing or over `maxBytes`).
 * Resolves when all are read; rejects when git fails or its output cannot be parsed.
 */
export async function readBlobs(dir: string, shas: readonly string[], maxBytes: number, onBlob: (answer: BatchAnswer) => void): Promise<void> {
  if (shas.length === 0) return;
  const child = execa('git', ['-C', dir, 'cat-file', '--batch'], {
    env: gitEnv(),
    extendEnv: false,
    stdin: 'pipe',
    stdout: 'pipe',
    buffer: { stdout: false },
    encoding: 'buffer',
    reject: false,
  });
  const parser = new CatFileBatchParser(maxBytes);
  let parseError: Error | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    if (parseError !== undefined) return;
    try {
      for (const answer of parser.push(chunk)) onBlob(answer);
    } catch (error) {
      parseError = error instanceof Error ? error : new Error(String(error));
      child.kill();
    }
  });
  child.stdin.end(`${shas.join('\n')}\n`);
  const result = await child;
  if (parseError !== undefined) throw parseError;
  if (result.failed) {
    throw new Error(`git -C ${dir} cat-file --batch failed (exit ${result.exitCode ?? 'none'}): ${Buffer.from(result.stderr).toString('utf8').trim().slice(-400)}`);
  }
}

/** The bytes of one blob, read synchronously (for a lazy text look-up); undefined when git cannot read it. */
export function readBlobSync(dir: string, sha: string): Buffer | undefined {
  const result = execaSync('git', ['-C', dir, 'cat-file', 'blob', sha], { env: gitEnv(), extendEnv: false, encoding: 'buffer', stripFinalNewline: false, reject: false });
  return result.failed ? undefined : Buffer.from(result.stdout);
}
