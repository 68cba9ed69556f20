import { ApplicationFailure, Context } from '@temporalio/activity';
import fs from 'node:fs';
import { taskFiles } from '../config/task-files.js';
import { AgentConfigError } from '../agents/agent-errors.js';
import { ProcessStartError } from '../process/process-errors.js';
import { runAgent } from '../agents/run-agent.js';
import { SecretUnreadableError } from '../secrets/secret-cipher.js';
import { SecretMissingError } from '../secrets/secret-vault.js';
import { dataPaths } from '../config/paths.js';
import { createPromptBuilder } from '../enrich/build-prompt.js';
import { buildContinuationPrompt } from '../enrich/continuation-prompt.js';
import { getAdapter } from '../agents/get-adapter.js';
import { resolveCommit } from '../git/read-refs.js';
import { workingTreeId } from '../git/working-tree-id.js';
import type { PassedTests } from '../model/merge-queue.js';
import { promptRequestOf } from '../enrich/prompt-request.js';
import { AgentOutcome, type AgentRunSummary } from '../model/agent-outcome.js';
import { restoreRepository, snapshotRepository, type GuardViolation } from '../git/repository-guard.js';
import { FailureType } from '../model/failure-types.js';
import { withCost } from '../model/model-prices.js';
import type { Carry } from '../model/task-loop.js';
import type { TaskPlan } from '../model/task.js';
import { copiedFilesDigest } from './copied-files-digest.js';
import { activityProcessHooks, runCommandInActivity } from './process-in-activity.js';
import { showCommand } from '../process/show-command.js';
import { DEFAULT_PROMPT_SETTINGS } from '../model/prompt-settings.js';
import type { PromptContext } from './task-records.js';
import type { HostDeps } from './worktree-activities.js';

export interface RunAgentResult {
  run: AgentRunSummary;
  /** True when the run continued the agent's earlier session (its prompt held only what was new). */
  resumed?: boolean;
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
  /** When they passed: the checkout they passed on, so the merge queue need not run them again on the same content. */
  passedTests?: PassedTests;
}

/** The iteration as it ends when the agent changed the repository outside its worktree. */
function policyViolation(run: AgentRunSummary, violations: GuardViolation[]): AgentRunSummary {
  return { ...run, outcome: AgentOutcome.policyViolation, summary: violations.map((v) => v.detail).join('; ') };
}

/** Builds the activities that work in a task's worktree: the prompt, the agent run, the test gate. */
export function createAgentActivities(deps: HostDeps) {
  const prompts = createPromptBuilder({ cacheDir: dataPaths(deps.home).indexCache });
  const steps = {
    /**
     * Builds the enriched prompt of one iteration at the worktree's commit and writes it, with its
     * per-layer token report, to the task's folder; returns the path (prompts never travel in payloads).
     */
    async buildPrompt(input: { plan: TaskPlan; iteration: number; worktreePath: string; carry: Carry; context?: PromptContext }): Promise<{ promptPath: string; chars: number; tokens: number }> {
      const { plan, iteration, worktreePath, carry, context } = input;
      const ctx = Context.current();
      // The first build of a big repository's index parses every file: keep the heartbeat going.
      const beat = setInterval(() => ctx.heartbeat(), 1000);
      try {
        const commit = await resolveCommit(worktreePath, 'HEAD');
        if (!commit) throw new Error(`the worktree ${worktreePath} has no HEAD commit`);
        const { prompt, report } = await prompts.build(promptRequestOf(plan, { repoDir: worktreePath, commit }, { iteration, carry }, context));
        const promptPath = writePrompt(plan, iteration, prompt);
        fs.writeFileSync(taskFiles(deps.home, plan.taskId).promptReport(iteration), `${JSON.stringify(report, null, 2)}\n`, { mode: 0o600 });
        return { promptPath, chars: prompt.length, tokens: report.total };
      } finally {
        clearInterval(beat);
      }
    },

    /**
     * Runs the task's agent CLI once in the worktree (own process group, output to the iteration's
     * log file, killed on cancellation or at the time limit) and concludes how it went.
     * A CLI that cannot start fails the task for good; a crash or an API error is an outcome.
     */
    async runAgent(input: { plan: TaskPlan; iteration: number; worktreePath: string; promptPath: string; budgetRemainingUsd: number | null; resumeSession?: string }): Promise<RunAgentResult> {
      const { plan, iteration, worktreePath, promptPath, budgetRemainingUsd, resumeSession } = input;
      const logPath = taskFiles(deps.home, plan.taskId).agentLog(iteration);
      const startedAt = new Date().toISOString();
      let secretEnv: Record<string, string>;
      try {
        secretEnv = await deps.secrets.resolve(plan.taskId, plan.agentOptions.secrets);
      } catch (err) {
        if (err instanceof SecretMissingError || err instanceof SecretUnreadableError) {
          throw ApplicationFailure.create({ message: err.message, type: FailureType.secretMissing, nonRetryable: true });
        }
        throw err;
      }
      const guard = await snapshotRepository(plan.repoPath, plan.defaultBranch);
      const hooks = activityProcessHooks(worktreePath);
      try {
        const { run: reported, process } = await runAgent({
          secretEnv,
          agentId: plan.agent,
          prompt: fs.readFileSync(promptPath, 'utf8'),
          promptFile: promptPath,
          worktree: worktreePath,
          options: plan.agentOptions,
          ...(budgetRemainingUsd !== null ? { budgetUsd: budgetRemainingUsd } : {}),
          ...(resumeSession !== undefined ? { resumeSession } : {}),
          logFile: logPath,
          timeoutMs: plan.timeoutMinutes * 60_000,
          ...(plan.stallMinutes ? { stallMs: plan.stallMinutes * 60_000 } : {}),
          signal: hooks.signal,
          onSpawn: hooks.onSpawn,
          onLine: hooks.onLine,
        });
        const violations = await restoreRepository(guard, worktreePath);
        hooks.rethrowIfCancelled(process);
        // A CLI that reports no cost has it estimated from its tokens, so that budgets hold for every agent.
        const priced = { ...reported, usage: withCost(deps.settings.prices, plan.agent, reported.usage, plan.agentOptions.model) };
        const run = violations.length ? policyViolation(priced, violations) : priced;
        return { run, exitCode: process.exitCode, durationMs: process.durationMs, logPath, startedAt, finishedAt: new Date().toISOString() };
      } catch (err) {
        if (err instanceof AgentConfigError) throw ApplicationFailure.create({ message: err.message, type: FailureType.invalidTask, nonRetryable: true });
        if (err instanceof ProcessStartError) throw ApplicationFailure.create({ message: err.message, type: FailureType.agentNotStartable, nonRetryable: true });
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
      // What is about to be tested, named before the tests can change anything (if git cannot
      // name it, the merge queue just runs the tests again).
      const tested = await workingTreeId(worktreePath).then(
        (tree) => ({ tree, command: plan.testCommand!, copiedFilesDigest: copiedFilesDigest(worktreePath, plan.copyFiles), iteration }),
        () => undefined,
      );
      const result = await runCommandInActivity({ what: 'test command', argv: plan.testCommand, cwd: worktreePath, logFile: logPath });
      return {
        passed: result.ok,
        skipped: false,
        exitCode: result.ok ? 0 : result.exitCode,
        command,
        outputTail: result.ok ? '' : `(${result.end})\n${result.outputTail}`,
        logPath,
        ...(result.ok && tested ? { passedTests: tested } : {}),
      };
    },
  };
  /** Writes an iteration's prompt to the task's folder (private to the user) and returns its path. */
  function writePrompt(plan: TaskPlan, iteration: number, prompt: string): string {
    const files = taskFiles(deps.home, plan.taskId);
    fs.mkdirSync(files.dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(files.prompt(iteration), prompt, { mode: 0o600 });
    return files.prompt(iteration);
  }

  return {
    ...steps,
    /**
     * One iteration on the host: builds its prompt, then runs the agent on it (buildPrompt, then
     * runAgent, without a workflow task in between). Returns the run and where its prompt is.
     * With `resumeSession` (the previous run's, on this host) an agent that resumes continues
     * that conversation with only what is new; a session that cannot be resumed (the CLI fails
     * before any model call) falls back to a fresh run on the whole prompt.
     */
    async runIteration(input: {
      plan: TaskPlan;
      iteration: number;
      worktreePath: string;
      carry: Carry;
      context?: PromptContext;
      budgetRemainingUsd: number | null;
      resumeSession?: string;
    }): Promise<RunAgentResult & { promptPath: string }> {
      const { budgetRemainingUsd, resumeSession, ...promptInput } = input;
      if (resumeSession !== undefined && getAdapter(input.plan.agent).resumesSessions) {
        const budgetTokens = input.plan.prompt?.budgetTokens ?? DEFAULT_PROMPT_SETTINGS.budgetTokens;
        const promptPath = writePrompt(input.plan, input.iteration, buildContinuationPrompt({ iteration: input.iteration, carry: input.carry, budgetTokens }));
        const resumed = await steps.runAgent({ plan: input.plan, iteration: input.iteration, worktreePath: input.worktreePath, promptPath, budgetRemainingUsd, resumeSession });
        const sessionLost = resumed.run.outcome === AgentOutcome.agentError && resumed.run.usage.inputTokens === 0;
        if (!sessionLost) return { ...resumed, resumed: true, promptPath };
      }
      const { promptPath } = await steps.buildPrompt(promptInput);
      const run = await steps.runAgent({ plan: input.plan, iteration: input.iteration, worktreePath: input.worktreePath, promptPath, budgetRemainingUsd });
      return { ...run, promptPath };
    },
  };
}
