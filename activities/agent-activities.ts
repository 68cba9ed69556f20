import { ApplicationFailure } from '@temporalio/activity';
import fs from 'node:fs';
import { taskFiles } from '../config/task-files.js';
import { AgentConfigError, AgentStartError } from '../agents/agent-errors.js';
import { runAgent } from '../agents/run-agent.js';
import { composePrompt } from '../enrich/compose-prompt.js';
import { readProjectContext } from '../enrich/project-context.js';
import type { AgentRunSummary } from '../model/agent-outcome.js';
import { FailureType } from '../model/failure-types.js';
import type { Carry } from '../model/task-loop.js';
import type { TaskPlan } from '../model/task.js';
import { activityProcessHooks, logTail, runProcessInActivity } from './process-in-activity.js';
import type { HostDeps } from './worktree-activities.js';

export interface RunAgentResult {
  run: AgentRunSummary;
  exitCode: number | null;
  durationMs: number;
  logPath: string;
  startedAt: string;
  finishedAt: string;
}

export interface RunTestsResult {
  passed: boolean;
  /** True when the project has no test command (the gate passes). */
  skipped: boolean;
  exitCode: number | null;
  /** The command as a person would type it, for messages. */
  command: string;
  /** The end of the output, fed to the next iteration when the tests fail. */
  outputTail: string;
  logPath: string;
}

const TEST_TIMEOUT_MS = 60 * 60_000;

function showCommand(argv: readonly string[]): string {
  return argv.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`)).join(' ');
}

/** Builds the activities that work in a task's worktree: the prompt, the agent run, the test gate. */
export function createAgentActivities(deps: HostDeps) {
  return {
    /** Writes the prompt of one iteration to the task's folder; returns its path (prompts never travel in payloads). */
    async buildPrompt(input: { plan: TaskPlan; iteration: number; worktreePath: string; carry: Carry }): Promise<{ promptPath: string; chars: number }> {
      const { plan, iteration, worktreePath, carry } = input;
      const context = await readProjectContext(worktreePath);
      const prompt = composePrompt({
        title: plan.title,
        description: plan.description,
        projectName: plan.projectName,
        iteration,
        maxIterations: plan.maxIterations,
        context,
        carry,
      });
      const promptPath = taskFiles(deps.home, plan.taskId).prompt(iteration);
      fs.mkdirSync(taskFiles(deps.home, plan.taskId).dir, { recursive: true });
      fs.writeFileSync(promptPath, prompt);
      return { promptPath, chars: prompt.length };
    },

    /**
     * Runs the task's agent CLI once in the worktree (own process group, output to the iteration's
     * log file, killed on cancellation or at the time limit) and concludes how it went.
     * A CLI that cannot start fails the task for good; a crash or an API error is an outcome.
     */
    async runAgent(input: { plan: TaskPlan; iteration: number; worktreePath: string; promptPath: string; budgetRemainingUsd: number | null }): Promise<RunAgentResult> {
      const { plan, iteration, worktreePath, promptPath, budgetRemainingUsd } = input;
      const logPath = taskFiles(deps.home, plan.taskId).agentLog(iteration);
      const startedAt = new Date().toISOString();
      const hooks = activityProcessHooks(worktreePath);
      try {
        const { run, process } = await runAgent({
          agentId: plan.agent,
          prompt: fs.readFileSync(promptPath, 'utf8'),
          promptFile: promptPath,
          worktree: worktreePath,
          options: plan.agentOptions,
          ...(budgetRemainingUsd !== null ? { budgetUsd: budgetRemainingUsd } : {}),
          logFile: logPath,
          timeoutMs: plan.timeoutMinutes * 60_000,
          signal: hooks.signal,
          onSpawn: hooks.onSpawn,
          onLine: hooks.onLine,
        });
        hooks.rethrowIfCancelled(process);
        return { run, exitCode: process.exitCode, durationMs: process.durationMs, logPath, startedAt, finishedAt: new Date().toISOString() };
      } catch (err) {
        if (err instanceof AgentConfigError) throw ApplicationFailure.create({ message: err.message, type: FailureType.invalidTask, nonRetryable: true });
        if (err instanceof AgentStartError) throw ApplicationFailure.create({ message: err.message, type: FailureType.agentNotStartable, nonRetryable: true });
        throw err;
      } finally {
        hooks.dispose();
      }
    },

    /**
     * The test gate: runs the project's test command in the worktree, never trusting the agent's
     * word. Passes when it exits 0, or when the project has no test command.
     */
    async runTests(input: { plan: TaskPlan; iteration: number; worktreePath: string }): Promise<RunTestsResult> {
      const { plan, iteration, worktreePath } = input;
      const logPath = taskFiles(deps.home, plan.taskId).testLog(iteration);
      if (!plan.testCommand) return { passed: true, skipped: true, exitCode: null, command: '(no test command)', outputTail: '', logPath };
      const command = showCommand(plan.testCommand);
      let result;
      try {
        result = await runProcessInActivity({ command: plan.testCommand[0]!, args: plan.testCommand.slice(1), cwd: worktreePath, logFile: logPath, timeoutMs: TEST_TIMEOUT_MS });
      } catch (err) {
        if (err instanceof AgentStartError) return { passed: false, skipped: false, exitCode: null, command, outputTail: err.message, logPath };
        throw err;
      }
      const passed = result.exitCode === 0 && !result.timedOut;
      const outcome = result.timedOut ? `timed out after ${TEST_TIMEOUT_MS / 60_000} minutes` : `exit ${result.exitCode ?? result.signal}`;
      return { passed, skipped: false, exitCode: result.exitCode, command, outputTail: passed ? '' : `(${outcome})\n${logTail(logPath)}`, logPath };
    },
  };
}
