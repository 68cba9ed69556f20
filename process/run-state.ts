import fs from 'node:fs';
import path from 'node:path';

/** What the supervisor records about itself and its children in `<home>/run/supervisor.json`. */
export interface RunState {
  pid: number;
  startedAt: string;
  /** Child name → pid (also its process group id) and the program it runs. */
  children: Record<string, { pid: number; command: string }>;
}

/** Thrown when another live supervisor already uses this data dir. */
export class AlreadyRunningError extends Error {
  override readonly name = 'AlreadyRunningError';
}

// On Linux, make sure a recorded pid still runs our program, not a process that reused the pid.
function runsCommand(pid: number, command: string): boolean {
  try {
    const argv0 = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    return argv0 === command || path.basename(argv0) === path.basename(command);
  } catch {
    return !fs.existsSync('/proc/self');
  }
}

/** True while a process with this pid exists (also one of another user's). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads, writes and clears the supervisor's run-state file of one data dir. */
export function createRunStateFile(runDir: string) {
  const file = path.join(runDir, 'supervisor.json');
  const read = (): RunState | undefined => {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as RunState;
    } catch {
      return undefined;
    }
  };
  return {
    file,
    read,
    write(state: RunState): void {
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(state, null, 2), { mode: 0o600 });
      fs.renameSync(tmp, file);
    },
    clear(): void {
      fs.rmSync(file, { force: true });
    },
    /**
     * Refuses to start when a live supervisor owns the data dir; otherwise kills the process
     * groups a crashed supervisor left behind (a dev server would hold the database lock).
     * Resolves, once they are gone, with the names of the children it killed.
     */
    async reclaim(): Promise<string[]> {
      const previous = read();
      if (!previous) return [];
      if (previous.pid !== process.pid && isAlive(previous.pid)) {
        throw new AlreadyRunningError(`Ringmaster is already running on this data dir (supervisor pid ${previous.pid}); stop it first or use another RINGMASTER_HOME`);
      }
      const killed: { name: string; pid: number }[] = [];
      for (const [name, { pid, command }] of Object.entries(previous.children)) {
        if (!isAlive(pid) || !runsCommand(pid, command)) continue;
        try {
          process.kill(-pid, 'SIGKILL');
          killed.push({ name, pid });
        } catch {
          // The group is gone, or the pid was reused by a process outside any group of ours.
        }
      }
      // Their ports and the dev server's database lock are free only once they are gone.
      const deadline = Date.now() + 10_000;
      while (killed.some(({ pid }) => isAlive(pid)) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      fs.rmSync(file, { force: true });
      return killed.map(({ name }) => name);
    },
  };
}
