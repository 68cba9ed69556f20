import { spawn } from 'node:child_process';
import path from 'node:path';

/** Runs `command` with no stdin (an agent reads its prompt until EOF); rejects on a non-zero exit, with its stderr. */
function run(command: string, args: readonly string[], options: { cwd?: string } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.trim()}`))));
  });
}
const IDENTITY = ['-c', 'user.name=Ringmaster Bench', '-c', 'user.email=bench@ringmaster.invalid'];

/**
 * What a task does with git, done directly as a script would, no orchestration: add a worktree on a
 * new branch, run the agent there, run the test command, commit, fast-forward the checkout's main
 * onto it, remove the worktree and the branch. Returns the milliseconds it took.
 */
export async function directGitTask(repo: string, n: number, agent: readonly string[], test: readonly string[]): Promise<number> {
  const started = performance.now();
  const branch = `direct/${n}`;
  const worktree = path.join(path.dirname(repo), `direct-worktree-${n}`);
  await run('git', ['-C', repo, 'worktree', 'add', '--quiet', '-b', branch, worktree, 'main']);
  await run(agent[0]!, [...agent.slice(1), `direct-${n}.txt`, `${n}\n`], { cwd: worktree });
  await run(test[0]!, test.slice(1), { cwd: worktree });
  await run('git', ['-C', worktree, 'add', '--all']);
  await run('git', ['-C', worktree, ...IDENTITY, 'commit', '--quiet', '-m', `direct task ${n}`]);
  await run('git', ['-C', repo, 'merge', '--quiet', '--ff-only', branch]);
  await run('git', ['-C', repo, 'worktree', 'remove', worktree]);
  await run('git', ['-C', repo, 'branch', '--quiet', '-d', branch]);
  return performance.now() - started;
}

/** Milliseconds one run of `agent` takes on its own (node's start included). */
export async function agentAlone(dir: string, n: number, agent: readonly string[]): Promise<number> {
  const started = performance.now();
  await run(agent[0]!, [...agent.slice(1), `alone-${n}.txt`, `${n}\n`], { cwd: dir });
  return performance.now() - started;
}
