import fs from 'node:fs';

// Everything here reads /proc (Linux): what runs, who started it, where, with what environment.

interface ProcEntry {
  pid: number;
  ppid: number;
  /** One letter: R, S, D, Z (zombie: exited, not yet reaped) … */
  state: string;
}

function readEntry(pid: number): ProcEntry | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces: split after its closing parenthesis.
    const [state = '?', ppid = '0'] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(ppid), state };
  } catch {
    return undefined;
  }
}

function allEntries(): ProcEntry[] {
  return fs.readdirSync('/proc').flatMap((name) => (/^\d+$/.test(name) ? (readEntry(Number(name)) ?? []) : []));
}

/** True while `pid` runs (a zombie, which has exited, does not count). */
export function isRunning(pid: number): boolean {
  const entry = readEntry(pid);
  return entry !== undefined && entry.state !== 'Z';
}

/** The command line of `pid` with spaces between its words, or '' once it is gone. */
export function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}

/** Every running descendant of `pid` (children, grandchildren …). */
export function descendants(pid: number): number[] {
  const entries = allEntries().filter((e) => e.state !== 'Z');
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const entry of entries) {
      if (entry.ppid === parent) {
        found.push(entry.pid);
        queue.push(entry.pid);
      }
    }
  }
  return found;
}

function mentions(pid: number, dir: string): boolean {
  const read = (file: string): string => {
    try {
      return file === 'cwd' ? fs.readlinkSync(`/proc/${pid}/cwd`) : fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
    } catch {
      return '';
    }
  };
  return ['cmdline', 'cwd', 'environ'].some((file) => read(file).includes(dir));
}

/**
 * Running processes other than this one whose command line, working directory or environment
 * mention `dir`: what a run under `dir` left, even when it was re-parented away from its tree
 * (an agent outlives a killed worker in its own process group).
 */
export function processesUsing(dir: string): number[] {
  return allEntries()
    .filter((e) => e.state !== 'Z' && e.pid !== process.pid && mentions(e.pid, dir))
    .map((e) => e.pid);
}

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`; 100 on Linux everywhere we run). */
const CLOCK_TICKS = 100;

/** CPU seconds (user + system) `pid` used, with its exited and reaped children's; 0 once it is gone. */
function cpuSecondsOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name: state (field 3) … utime, stime, cutime, cstime are fields 14-17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds used so far by `pid` and every running descendant, each with its reaped children
 * (git, agents and tests that ended count once their parent waited for them). Reads /proc.
 */
export function treeCpuSeconds(pid: number): number {
  return [pid, ...descendants(pid)].reduce((sum, each) => sum + cpuSecondsOf(each), 0);
}
