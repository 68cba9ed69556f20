import fs from 'node:fs';
import path from 'node:path';
import { taskFiles } from '../config/task-files.js';
import { buildPlanningPrompt, PLAN_FILE } from '../enrich/planning-prompt.js';
import { findPlanBlock, readPlan, type PlanReading } from '../model/decomposition-plan.js';
import type { TaskPlan } from '../model/task.js';
import type { createAgentActivities, RunAgentResult } from './agent-activities.js';
import type { HostDeps } from './worktree-activities.js';

/** Input of `planSubtasks`: the decomposing task, its planning iteration, and on the re-ask why the last plan was refused. */
export interface PlanSubtasksInput {
  plan: TaskPlan;
  iteration: number;
  worktreePath: string;
  budgetRemainingUsd: number | null;
  problem?: string;
}

/** The planning run, where its prompt is, and the plan it gave (or what is wrong with its answer). */
export type PlanSubtasksResult = RunAgentResult & { promptPath: string; reading: PlanReading };

/** Reads a file, or undefined when there is none. */
function readIfThere(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The text of the plan an agent gave: the plan file when it wrote one (then removed, so it is never
 * committed), else the last `<plan>` block of its final message, else of its raw output (a CLI
 * whose final message was cut to the summary's length).
 */
function planTextOf(worktreePath: string, summary: string, logPath: string): string | undefined {
  const file = path.join(worktreePath, PLAN_FILE);
  const written = readIfThere(file);
  if (written !== undefined) {
    fs.rmSync(file, { force: true });
    return written;
  }
  return findPlanBlock(summary) ?? findPlanBlock(readIfThere(logPath) ?? '');
}

/** Builds the activity of a decomposing task's planning iteration (on the host that holds its worktree). */
export function createPlanningActivities(deps: HostDeps, agent: Pick<ReturnType<typeof createAgentActivities>, 'runAgent'>) {
  return {
    /**
     * Runs the task's agent once on the planning prompt in the worktree and reads the plan it
     * answered with, validated (schema, unique ids, known dependencies, no cycle). An unusable
     * answer is a result (`reading.ok` false, with the problem for the re-ask), not an exception.
     */
    async planSubtasks(input: PlanSubtasksInput): Promise<PlanSubtasksResult> {
      const { plan, iteration, worktreePath, budgetRemainingUsd, problem } = input;
      const files = taskFiles(deps.home, plan.taskId);
      fs.mkdirSync(files.dir, { recursive: true, mode: 0o700 });
      const prompt = buildPlanningPrompt({ title: plan.title, description: plan.description, acceptanceCriteria: plan.acceptanceCriteria ?? [], ...(problem ? { problem } : {}) });
      fs.writeFileSync(files.prompt(iteration), prompt, { mode: 0o600 });
      // A plan file left by an earlier attempt must not pass for this one's answer.
      fs.rmSync(path.join(worktreePath, PLAN_FILE), { force: true });
      const run = await agent.runAgent({ plan, iteration, worktreePath, promptPath: files.prompt(iteration), budgetRemainingUsd });
      const reading = readPlan(planTextOf(worktreePath, run.run.summary, run.logPath));
      return { ...run, promptPath: files.prompt(iteration), reading };
    },
  };
}
