import { describe, expect, it } from '@jest/globals';
import { agentCommand, planChaos, type ChaosSize } from '../../../bench/chaos/chaos-plan.js';

const size: ChaosSize = { tasks: 21, projects: 3, kills: 11, workMs: { min: 1000, max: 2000 }, pauseMs: { min: 10, max: 20 }, givesUp: true };

describe('planChaos', () => {
  it('is the same plan for the same seed, and another for another seed', () => {
    expect(planChaos(5, size)).toEqual(planChaos(5, size));
    expect(planChaos(5, size)).not.toEqual(planChaos(6, size));
  });

  it('puts the special tasks on different projects and every task on one of them', () => {
    const plan = planChaos(9, size);
    expect(plan.projects).toEqual(['chaos-1', 'chaos-2', 'chaos-3']);
    expect(plan.tasks).toHaveLength(21);
    const special = ['decision', 'fails-tests-once', 'gives-up'].map((kind) => plan.tasks.find((t) => t.kind === kind)!);
    expect(new Set(special.map((t) => t.project)).size).toBe(3);
    expect(special.map((t) => [t.expected, t.iterations])).toEqual([
      ['completed', 2],
      ['completed', 2],
      ['failed', 1],
    ]);
    expect(special[0]!.content).toBe(`${special[0]!.answer}\n`);
    expect(special[2]!.maxIterations).toBe(1);
    expect(new Set(plan.tasks.map((t) => t.key)).size).toBe(21);
    expect(new Set(plan.tasks.filter((t) => t.kind === 'fast' || t.kind === 'slow').map((t) => t.file)).size).toBe(18);
    for (const task of plan.tasks) {
      expect(plan.projects).toContain(task.project);
      if (task.kind === 'slow') expect(task.workMs >= 1000 && task.workMs <= 2000).toBe(true);
      else expect(task.workMs).toBe(0);
    }
  });

  it('kills every target once per round, with pauses in range', () => {
    const { kills } = planChaos(3, size);
    expect(kills).toHaveLength(11);
    for (let round = 0; round < 3; round++)
      expect(
        kills
          .slice(round * 3, round * 3 + 3)
          .map((k) => k.target)
          .sort(),
      ).toEqual(['api', 'temporal', 'worker']);
    for (const kill of kills) expect(kill.pauseMs >= 10 && kill.pauseMs <= 20).toBe(true);
  });

  it('refuses a size too small for its special tasks', () => {
    expect(() => planChaos(1, { ...size, tasks: 2 })).toThrow('at least 1 project and 3 tasks, got 3 and 2');
    expect(planChaos(1, { ...size, tasks: 2, givesUp: false }).tasks).toHaveLength(2);
  });
});

describe('agentCommand', () => {
  const paths = { node: '/bin/node', agentsDir: '/agents', runDir: '/run' };
  it('runs the scripted agent of each kind with its arguments', () => {
    const plan = planChaos(11, size);
    const of = (kind: string) =>
      agentCommand(
        plan.tasks.find((t) => t.kind === kind)!,
        paths,
      );
    const slow = plan.tasks.find((t) => t.kind === 'slow')!;
    const fast = plan.tasks.find((t) => t.kind === 'fast')!;
    expect(agentCommand(slow, paths)).toEqual(['/bin/node', '/agents/slow-write.mjs', `/run/agent-starts/${slow.key}`, String(slow.workMs), slow.file, slow.content]);
    expect(agentCommand(fast, paths)).toEqual(['/bin/node', '/agents/write-file.mjs', fast.file, fast.content]);
    expect(of('decision')).toEqual(['/bin/node', '/agents/ask-then-do.mjs']);
    expect(of('fails-tests-once')).toEqual(['/bin/node', '/agents/fix-after-failing-tests.mjs']);
    expect(of('gives-up')).toEqual(['/bin/node', '/agents/fix-after-failing-tests.mjs']);
  });
});
