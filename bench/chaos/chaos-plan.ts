import path from 'node:path';
import { TaskStatus } from '../../model/task-status.js';
import { seededRandom } from './seeded-random.js';

/** The supervised children a chaos run kills, named as in `<home>/run/supervisor.json`. */
export const CHAOS_TARGETS = ['temporal', 'worker', 'api'] as const;
export type ChaosTarget = (typeof CHAOS_TARGETS)[number];

/**
 * What a task's scripted agent does: writes its file at once (fast) or after working a while
 * (slow), asks a question first (decision), fails the project's tests once then fixes them
 * (fails-tests-once), or never passes them within its one iteration (gives-up: it fails, legitimately).
 */
export type TaskKind = 'fast' | 'slow' | 'decision' | 'fails-tests-once' | 'gives-up';

/** One task of the scenario and what it must leave behind. */
export interface PlannedTask {
  /** Its name within the run (t01, t02 …), also in its title. */
  key: string;
  project: string;
  kind: TaskKind;
  title: string;
  /** The file its agent writes, and what the file holds on the default branch once the task merged. */
  file: string;
  content: string;
  /** How long a slow agent works before writing; 0 for the others. */
  workMs: number;
  /** What to answer when it asks (decision tasks). */
  answer?: string;
  maxIterations: number;
  expected: typeof TaskStatus.completed | typeof TaskStatus.failed;
  /** How many iterations its script takes (a crash must not add one). */
  iterations: number;
}

/** One SIGKILL, after `pauseMs` of the system being back from the previous one. */
export interface PlannedKill {
  target: ChaosTarget;
  pauseMs: number;
}

/** How big a chaos run is. */
export interface ChaosSize {
  tasks: number;
  projects: number;
  kills: number;
  /** The range a slow agent's work time is drawn from. */
  workMs: { min: number; max: number };
  /** The range the pause before each kill is drawn from. */
  pauseMs: { min: number; max: number };
  /** Adds a task that fails legitimately (its worktree is kept). */
  givesUp: boolean;
}

/** Everything a seed decides: the projects, the tasks in filing order, the kills in order. */
export interface ChaosPlan {
  seed: number;
  projects: string[];
  tasks: PlannedTask[];
  kills: PlannedKill[];
}

/**
 * The files of every project's first commit. The test command runs check.mjs, which computes the
 * number it wants, so only a failing run's output (not the source a prompt shows) tells the agent.
 */
export const PROJECT_FILES: Readonly<Record<string, string>> = {
  'README.md': '# chaos\n\nA repository Ringmaster works on while its processes are killed.\n',
  'check.mjs':
    "import fs from 'node:fs';\n" +
    "if (fs.existsSync('answer.txt')) {\n" +
    '  const want = String(6 * 7);\n' +
    "  const got = fs.readFileSync('answer.txt', 'utf8').trim();\n" +
    '  if (got !== want) {\n' +
    '    console.error(`expected ${want}, got ${got}`);\n' +
    '    process.exit(1);\n' +
    '  }\n' +
    '}\n',
};

const ANSWERS = ['teal', 'amber', 'violet', 'crimson'];

/**
 * Draws the scenario from `seed`: the special tasks first on different projects (a decision, a
 * task failing its tests once, optionally one that gives up), the others fast or slow, all
 * shuffled into a filing order; kills in rounds, each round every target once in a random order.
 * Pure. Throws a RangeError when the size cannot hold the special tasks.
 */
export function planChaos(seed: number, size: ChaosSize): ChaosPlan {
  const special: TaskKind[] = ['decision', 'fails-tests-once', ...(size.givesUp ? (['gives-up'] as const) : [])];
  if (size.projects < 1 || size.tasks < special.length) throw new RangeError(`a chaos run needs at least 1 project and ${special.length} tasks, got ${size.projects} and ${size.tasks}`);
  const random = seededRandom(seed);
  const projects = Array.from({ length: size.projects }, (_, i) => `chaos-${i + 1}`);
  const kinds: TaskKind[] = Array.from({ length: size.tasks }, (_, i) => special[i] ?? (random.next() < 0.5 ? 'slow' : 'fast'));
  const tasks = kinds.map((kind, i): PlannedTask => {
    const key = `t${String(i + 1).padStart(2, '0')}`;
    const project = projects[i % size.projects]!;
    const base = { key, project, kind, workMs: 0, maxIterations: 3, expected: TaskStatus.completed, iterations: 1 };
    switch (kind) {
      case 'decision': {
        const answer = random.pick(ANSWERS);
        return { ...base, title: `${key}: colour the button`, file: 'colour.txt', content: `${answer}\n`, answer, iterations: 2 };
      }
      case 'fails-tests-once':
        return { ...base, title: `${key}: find the answer`, file: 'answer.txt', content: '42\n', iterations: 2 };
      case 'gives-up':
        return { ...base, title: `${key}: find the answer in one go`, file: 'answer.txt', content: '41\n', maxIterations: 1, expected: TaskStatus.failed };
      default:
        return {
          ...base,
          title: `${key}: write chaos-${key}.txt`,
          file: `chaos-${key}.txt`,
          content: `${key} of seed ${seed}\n`,
          workMs: kind === 'slow' ? random.int(size.workMs.min, size.workMs.max) : 0,
        };
    }
  });
  const targets: ChaosTarget[] = [];
  while (targets.length < size.kills) targets.push(...random.shuffle(CHAOS_TARGETS));
  const kills = targets.slice(0, size.kills).map((target) => ({ target, pauseMs: random.int(size.pauseMs.min, size.pauseMs.max) }));
  return { seed, projects, tasks: random.shuffle(tasks), kills };
}

/** Where the scripted agents are, and where a run keeps its own files. */
export interface AgentPaths {
  node: string;
  /** test/fixtures/agents of this checkout. */
  agentsDir: string;
  /** The run's scratch folder (slow agents note their starts there). */
  runDir: string;
}

/** The `command` agent's argv for a planned task: which scripted agent runs, with which arguments. Pure. */
export function agentCommand(task: PlannedTask, paths: AgentPaths): string[] {
  const agent = (name: string) => path.join(paths.agentsDir, name);
  switch (task.kind) {
    case 'fast':
      return [paths.node, agent('write-file.mjs'), task.file, task.content];
    case 'slow':
      return [paths.node, agent('slow-write.mjs'), path.join(paths.runDir, 'agent-starts', task.key), String(task.workMs), task.file, task.content];
    case 'decision':
      return [paths.node, agent('ask-then-do.mjs')];
    case 'fails-tests-once':
    case 'gives-up':
      return [paths.node, agent('fix-after-failing-tests.mjs')];
  }
}
