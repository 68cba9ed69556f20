import { describe, expect, it } from '@jest/globals';
import type { PlannedTask } from '../../../bench/chaos/chaos-plan.js';
import { expectedExecutionStatus, judgeChaos, type TaskOutcome } from '../../../bench/chaos/judge-chaos.js';

const planned = (key: string, overrides: Partial<PlannedTask> = {}): PlannedTask => ({
  key,
  project: 'p',
  kind: 'fast',
  title: key,
  file: `chaos-${key}.txt`,
  content: `${key}\n`,
  workMs: 0,
  maxIterations: 3,
  expected: 'completed',
  iterations: 1,
  ...overrides,
});

const completed = (key: string, overrides: Partial<TaskOutcome> = {}): TaskOutcome => ({
  task: planned(key),
  id: `id${key}`,
  status: 'completed',
  step: 'done',
  iterations: 1,
  worktreeKept: false,
  temporalStatus: 'COMPLETED',
  commitsOnMain: 1,
  fileOnMain: `${key}\n`,
  ...overrides,
});

const gaveUp: TaskOutcome = {
  task: planned('t9', { kind: 'gives-up', expected: 'failed' }),
  id: 'idt9',
  status: 'failed',
  step: 'not done after 1 iteration(s)',
  iterations: 1,
  worktreeKept: true,
  temporalStatus: 'FAILED',
  commitsOnMain: 0,
  fileOnMain: undefined,
};

const clean = { shutdown: { exit: 0, survivors: [] }, kills: [{ target: 'worker', pid: 1, backMs: 900 }] };
const problemsOf = (verdict: ReturnType<typeof judgeChaos>) => Object.fromEntries(verdict.checks.filter((c) => !c.ok).map((c) => [c.name, c.problems]));

describe('judgeChaos', () => {
  it('passes a run where everything ended as scripted and only a failed task kept its worktree', () => {
    const verdict = judgeChaos({
      tasks: [completed('t1'), gaveUp],
      repos: [{ project: 'p', worktrees: ['/home/worktrees/p/idt9'], taskBranches: ['ringmaster/idt9'] }],
      ...clean,
    });
    expect(verdict).toEqual({ ok: true, checks: expect.any(Array) });
    expect(verdict.checks.map((c) => c.name)).toEqual(['final', 'merged-once', 'no-orphans', 'projection-agrees', 'ended-as-scripted', 'recovered']);
  });

  it('names a stuck task, a double merge, a missing file and a failed task that landed', () => {
    const verdict = judgeChaos({
      tasks: [
        completed('t1', { status: 'running', step: 'iteration 1: running the agent', temporalStatus: 'RUNNING', commitsOnMain: 0 }),
        completed('t2', { commitsOnMain: 2 }),
        completed('t3', { fileOnMain: undefined, iterations: 2 }),
        { ...gaveUp, commitsOnMain: 1 },
      ],
      repos: [],
      ...clean,
    });
    expect(verdict.ok).toBe(false);
    expect(problemsOf(verdict)).toEqual({
      final: ['t1 (idt1, fast) is stuck at running: iteration 1: running the agent'],
      'merged-once': [
        't2 (idt2, fast) is completed with 2 commits on the default branch (want exactly 1)',
        't3 (idt3, fast) is completed but chaos-t3.txt on the default branch is null, want "t3\\n"',
        't9 (idt9, gives-up) is failed but 1 commit(s) of it are on the default branch',
      ],
      'ended-as-scripted': [
        't1 (idt1, fast) ended running after 1 iteration(s) (want completed after 1): iteration 1: running the agent',
        't3 (idt3, fast) ended completed after 2 iteration(s) (want completed after 1): done',
      ],
    });
  });

  it('names leftover worktrees, branches and processes, and an unclean exit', () => {
    const verdict = judgeChaos({
      tasks: [completed('t1'), gaveUp],
      repos: [{ project: 'p', worktrees: ['/home/worktrees/p/idt1', '/home/worktrees/p/idt9'], taskBranches: ['ringmaster/idt1', 'ringmaster/idt9'] }],
      shutdown: { exit: 'SIGKILL', survivors: ['77 node slow-write.mjs'] },
      kills: clean.kills,
    });
    expect(problemsOf(verdict)).toEqual({
      'no-orphans': [
        'p: worktree(s) left: /home/worktrees/p/idt1',
        'p: branch(es) left: ringmaster/idt1',
        'ringmaster up exited with SIGKILL on SIGTERM (want 0)',
        'process(es) left after ringmaster up stopped: 77 node slow-write.mjs',
      ],
    });
  });

  it('names a task whose projection disagrees with Temporal, and a kill the system did not come back from', () => {
    const verdict = judgeChaos({
      tasks: [completed('t1', { temporalStatus: 'FAILED' }), completed('t2', { temporalStatus: undefined })],
      repos: [],
      shutdown: clean.shutdown,
      kills: [{ target: 'temporal', pid: 5, backMs: null }],
    });
    expect(problemsOf(verdict)).toEqual({
      'projection-agrees': [
        't1 (idt1, fast) is completed in the API but its workflow is FAILED (want COMPLETED)',
        't2 (idt2, fast) is completed in the API but its workflow is unreadable (want COMPLETED)',
      ],
      recovered: ['after SIGKILL of temporal (pid 5) the system did not come back'],
    });
  });
});

describe('expectedExecutionStatus', () => {
  it('maps each final status to the way its workflow ends', () => {
    expect(['completed', 'failed', 'conflict', 'cancelled', 'running'].map(expectedExecutionStatus)).toEqual(['COMPLETED', 'FAILED', 'FAILED', 'CANCELLED', 'RUNNING']);
  });
});
