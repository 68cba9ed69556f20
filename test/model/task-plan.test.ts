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
});
