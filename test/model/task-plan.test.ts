import { describe, expect, it } from '@jest/globals';
import { DEFAULT_PROMPT_SETTINGS } from '../../model/prompt-settings.js';
import { resolveTaskPlan, TaskInputError, type ProjectSettings } from '../../model/task-plan.js';

const project: ProjectSettings = {
  id: 'p1',
  name: 'demo',
  repoPath: '/repo',
  defaultBranch: 'main',
  testCommand: ['npm', 'test'],
  setupCommand: null,
  copyFiles: ['.env'],
  agent: 'claude-code',
  maxIterations: 7,
  budgetUsd: 3,
  linkFiles: [],
  maxConcurrentTasks: null,
  lintCommand: null,
  prompt: DEFAULT_PROMPT_SETTINGS,
};

describe('resolveTaskPlan', () => {
  it("takes the task's settings first, then the project's, then the defaults", () => {
    expect(resolveTaskPlan('t1', { project: 'demo', title: 'T' }, project)).toMatchObject({
      taskId: 't1',
      projectName: 'demo',
      agent: 'claude-code',
      priority: 'P2',
      maxIterations: 7,
      budgetUsd: 3,
      timeoutMinutes: 30,
      testCommand: ['npm', 'test'],
      description: '',
    });
    expect(resolveTaskPlan('t1', { project: 'demo', title: 'T', maxIterations: 2, budgetUsd: 0.5, priority: 'P0', agent: 'aider' }, project)).toMatchObject({
      maxIterations: 2,
      budgetUsd: 0.5,
      priority: 'P0',
      agent: 'aider',
    });
  });

  it('refuses the command agent without a command, naming the field', () => {
    const error = (() => {
      try {
        resolveTaskPlan('t1', { project: 'demo', title: 'T', agent: 'command' }, project);
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(TaskInputError);
    expect((error as TaskInputError).field).toBe('agentOptions.command');
  });

  it('keeps decompose and decomposeApproval, and refuses them where they cannot work, naming the field', () => {
    const command = { agent: 'command' as const, agentOptions: { command: ['./agent'] } };
    expect(resolveTaskPlan('t1', { project: 'demo', title: 'T', decompose: true, decomposeApproval: true, ...command }, project)).toMatchObject({ decompose: true, decomposeApproval: true });
    expect(resolveTaskPlan('t1', { project: 'demo', title: 'T' }, project)).not.toHaveProperty('decompose');
    const refusal = (input: object) => {
      try {
        resolveTaskPlan('t1', { project: 'demo', title: 'T', ...command, ...input }, project);
      } catch (err) {
        return err instanceof TaskInputError ? `${err.field} ${err.problem}` : err;
      }
      return undefined;
    };
    expect(refusal({ decomposeApproval: true })).toBe('decomposeApproval goes with decompose: true');
    expect(refusal({ decompose: true, parentId: 'p' })).toBe('decompose cannot be set on a subtask: subtasks are not decomposed again');
    expect(refusal({ decompose: true, agent: 'external', agentOptions: {} })).toBe('decompose needs an agent run by Ringmaster, not the external agent');
    expect(refusal({ decompose: true, agentOptions: { command: ['./agent'], secrets: { TOKEN: 'task:TOKEN' } } })).toMatch(/^agentOptions\.env cannot go with decompose/);
    expect(refusal({ decompose: true, agentOptions: { command: ['./agent'], secrets: { TOKEN: 'TOKEN' } } })).toBeUndefined();
  });
});
