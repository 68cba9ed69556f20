import type { Command } from 'commander';
import { isFinalStatus, type TaskStatus } from '../../model/task-status.js';
import { CommandLineError, splitCommandLine as split } from '../../model/command-line.js';
import { UsageError } from '../cli-error.js';
import { numberFlag } from '../number-flag.js';
import type { ApiClient } from '../../host-link/api-client.js';
import { clientFrom, withClientFlags, type ClientFlags } from '../client/client-from-flags.js';
import { progressLine, taskDetails, taskTable, type TaskText } from '../format/task-text.js';
import { followTaskLogs } from './follow-logs.js';

interface AddFlags extends ClientFlags {
  project?: string;
  description?: string;
  criterion?: string[];
  dependsOn?: string[];
  requires?: string[];
  priority?: string;
  agent?: string;
  agentCommand?: string;
  model?: string;
  maxIterations?: string;
  budget?: string;
  timeout?: string;
  secret?: string[];
  decompose?: boolean;
  decomposeApproval?: boolean;
  stallMinutes?: string;
  reviewOnStop?: boolean;
  wait?: boolean;
}

/** Exit codes of `task add --wait`, one per way a task ends. */
export const EXIT_CODES: Partial<Record<TaskStatus, number>> = { completed: 0, failed: 1, conflict: 2, cancelled: 3 };

async function pickProject(client: ApiClient, given: string | undefined): Promise<string> {
  if (given) return given;
  const { items } = await client.get<{ items: { name: string }[] }>('/api/projects');
  if (items.length === 1) return items[0]!.name;
  throw new UsageError(items.length === 0 ? 'no project yet: ringmaster project add <path>' : `--project is required (projects: ${items.map((p) => p.name).join(', ')})`);
}

function agentCommand(text: string): string[] {
  try {
    return split(text);
  } catch (err) {
    if (err instanceof CommandLineError) throw new UsageError(`--agent-command ${err.message}`);
    throw err;
  }
}

/** `ENV` or `ENV=NAME` as [ENV, NAME]. */
function secretPair(item: string): [string, string] {
  const [env, name, extra] = item.split('=');
  if (!env || name === '' || extra !== undefined) throw new UsageError(`--secret takes ENV or ENV=NAME, got "${item}"`);
  return [env, name ?? env];
}

/** Polls the task until it ends, printing a progress line whenever it changes; returns its final state. */
async function waitForTask(client: ApiClient, id: string, json: boolean): Promise<TaskText> {
  let last = '';
  let asked = '';
  let reviewed = '';
  for (;;) {
    const task = await client.get<TaskText>(`/api/tasks/${id}`);
    const line = progressLine(task);
    if (line !== last && !json) console.log(line);
    last = line;
    if (task.question && task.question !== asked && !json) {
      console.log(`  The agent asks: ${task.question}\n  Answer with: ringmaster decide ${id} "<answer>"`);
      asked = task.question;
    }
    if (task.status === 'needs_review' && line !== reviewed && !json) {
      console.log(`  Review it with: ringmaster review ${id} retry|accept|abandon`);
      reviewed = line;
    }
    if (isFinalStatus(task.status)) return task;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** `ringmaster task add|ls|show|logs|cancel` (through the API). */
export function registerTaskCommands(program: Command): void {
  const task = program.command('task').description('file coding tasks and follow them');

  withClientFlags(task.command('add <title>'))
    .description('file a task; with --wait, follow it and exit 0 completed, 1 failed, 2 conflict, 3 cancelled')
    .option('--project <project>', 'project id or name (default: the only project)')
    .option('--description <text>', 'what to do, in detail')
    .option('--criterion <text>', 'an acceptance criterion, shown to the agent as a checklist (repeatable)', (value: string, all: string[] = []) => [...all, value])
    .option('--depends-on <task-id>', 'a task that must complete first (repeatable); the task waits as blocked', (value: string, all: string[] = []) => [...all, value])
    .option('--requires <capability>', 'a capability the worker must have, e.g. gpu (repeatable)', (value: string, all: string[] = []) => [...all, value])
    .option('--priority <P0-P4>', 'priority, default P2')
    .option('--agent <agent>', "claude-code, aider, codex, gemini, opencode or command (default: the project's)")
    .option('--agent-command <command>', 'for --agent command: the command line to run (split like a shell, never run by one)')
    .option('--model <model>', 'model for the agent CLI')
    .option('--max-iterations <n>', 'iteration limit (1-50, default 5)')
    .option('--budget <usd>', 'spend limit in USD')
    .option('--timeout <minutes>', 'time limit of one iteration')
    .option('--secret <ENV[=NAME]>', 'give the agent the stored secret NAME (default: ENV) as the variable ENV (repeatable; see `ringmaster secret set`)', (value: string, all: string[] = []) => [
      ...all,
      value,
    ])
    .option('--stall-minutes <n>', "stop an agent run that writes no output for this long (outcome stalled; default: the project's)")
    .option('--review-on-stop', "when the task stops short it waits for a person (ringmaster review <id> retry|accept|abandon) instead of failing (default: the project's)")
    .option('--decompose', 'the agent first plans subtasks, each run as a task of its own (in parallel where their dependencies allow); this task completes when all merged')
    .option('--decompose-approval', 'with --decompose: the plan waits for your approval (ringmaster decide <id> approve) before the subtasks start')
    .option('--wait', 'follow the task until it ends; the exit code tells how it ended')
    .action(async (title: string, flags: AddFlags) => {
      if (flags.decomposeApproval && !flags.decompose) throw new UsageError('--decompose-approval goes with --decompose');
      const client = clientFrom(flags);
      const agentOptions = {
        ...(flags.agentCommand !== undefined ? { command: agentCommand(flags.agentCommand) } : {}),
        ...(flags.model !== undefined ? { model: flags.model } : {}),
        ...(flags.secret?.length ? { secrets: Object.fromEntries(flags.secret.map((item) => secretPair(item))) } : {}),
      };
      const body = {
        project: await pickProject(client, flags.project),
        title,
        ...(flags.description !== undefined ? { description: flags.description } : {}),
        ...(flags.criterion?.length ? { acceptanceCriteria: flags.criterion } : {}),
        ...(flags.dependsOn?.length ? { dependsOn: flags.dependsOn } : {}),
        ...(flags.requires?.length ? { requires: flags.requires } : {}),
        ...(flags.priority !== undefined ? { priority: flags.priority } : {}),
        ...(flags.agent !== undefined ? { agent: flags.agent } : {}),
        ...(Object.keys(agentOptions).length ? { agentOptions } : {}),
        ...(flags.maxIterations !== undefined ? { maxIterations: numberFlag(flags.maxIterations, '--max-iterations') } : {}),
        ...(flags.budget !== undefined ? { budgetUsd: numberFlag(flags.budget, '--budget') } : {}),
        ...(flags.timeout !== undefined ? { timeoutMinutes: numberFlag(flags.timeout, '--timeout') } : {}),
        ...(flags.stallMinutes !== undefined ? { stallMinutes: numberFlag(flags.stallMinutes, '--stall-minutes') } : {}),
        ...(flags.reviewOnStop ? { reviewOnStop: true } : {}),
        ...(flags.decompose ? { decompose: true } : {}),
        ...(flags.decomposeApproval ? { decomposeApproval: true } : {}),
      };
      const created = await client.post<TaskText & { workflowId: string }>('/api/tasks', body);
      if (!flags.wait) {
        console.log(flags.json ? JSON.stringify(created, null, 2) : `Filed task ${created.id} (workflow ${created.workflowId}); follow it with: ringmaster task show ${created.id}`);
        return;
      }
      if (!flags.json) console.log(`Filed task ${created.id}; waiting for it to finish (Ctrl-C stops waiting, not the task)`);
      const final = await waitForTask(client, created.id, Boolean(flags.json));
      const full = await client.get<TaskText>(`/api/tasks/${created.id}`);
      console.log(flags.json ? JSON.stringify(full, null, 2) : `\n${taskDetails(full)}`);
      process.exitCode = EXIT_CODES[final.status] ?? 1;
    });

  withClientFlags(task.command('ls'))
    .description('list tasks, newest first')
    .option('--project <project>', 'only this project (id or name)')
    .option('--status <status>', 'only this status')
    .option('--priority <P0-P4>', 'only this priority')
    .option('--agent <agent>', 'only this agent')
    .option('--limit <n>', 'how many (default 50)')
    .action(async (flags: ClientFlags & Record<'project' | 'status' | 'priority' | 'agent' | 'limit', string | undefined>) => {
      const query = new URLSearchParams();
      for (const key of ['project', 'status', 'priority', 'agent', 'limit'] as const) {
        const value = flags[key];
        if (value !== undefined) query.set(key, value);
      }
      const page = await clientFrom(flags).get<{ items: TaskText[]; nextCursor: string | null }>(`/api/tasks${query.size ? `?${query.toString()}` : ''}`);
      if (flags.json) return console.log(JSON.stringify(page, null, 2));
      console.log(page.items.length ? taskTable(page.items) : 'No tasks.');
    });

  withClientFlags(task.command('show <id>'))
    .description('a task with its iterations')
    .action(async (id: string, flags: ClientFlags) => {
      const shown = await clientFrom(flags).get<TaskText>(`/api/tasks/${encodeURIComponent(id)}`);
      console.log(flags.json ? JSON.stringify(shown, null, 2) : taskDetails(shown));
    });

  withClientFlags(task.command('logs <id>'), false)
    .description("the agent's and the tests' output; -f follows it until the task ends")
    .option('-f, --follow', 'keep printing new output until the task ends')
    .action(async (id: string, flags: ClientFlags & { follow?: boolean }) => {
      const client = clientFrom(flags);
      if (flags.follow) await followTaskLogs(client, id, (line) => console.log(line));
      else process.stdout.write(await client.text(`/api/tasks/${encodeURIComponent(id)}/logs`));
    });

  withClientFlags(task.command('cancel <id>'))
    .description("cancel a task: its agent's processes are killed and its worktree cleaned up")
    .action(async (id: string, flags: ClientFlags) => {
      const cancelled = await clientFrom(flags).post<TaskText>(`/api/tasks/${encodeURIComponent(id)}/cancel`);
      console.log(flags.json ? JSON.stringify(cancelled, null, 2) : `Cancelling task ${cancelled.id}`);
    });

  withClientFlags(task.command('retry <id>'))
    .description('run a failed or conflicting task again: a new run of the same task, from its kept branch')
    .option('--max-iterations <n>', "iterations of the new run (default: the first run's)")
    .option('--budget <usd>', 'spend limit of the new run in USD')
    .option('--wait', 'follow the new run until it ends; the exit code tells how it ended')
    .action(async (id: string, flags: ClientFlags & { maxIterations?: string; budget?: string; wait?: boolean }) => {
      const client = clientFrom(flags);
      const body = {
        ...(flags.maxIterations !== undefined ? { maxIterations: numberFlag(flags.maxIterations, '--max-iterations') } : {}),
        ...(flags.budget !== undefined ? { budgetUsd: numberFlag(flags.budget, '--budget') } : {}),
      };
      const retried = await client.post<TaskText & { runs: number }>(`/api/tasks/${encodeURIComponent(id)}/retry`, body);
      if (!flags.wait) {
        console.log(flags.json ? JSON.stringify(retried, null, 2) : `Task ${retried.id} runs again (run ${retried.runs})`);
        return;
      }
      if (!flags.json) console.log(`Task ${retried.id} runs again (run ${retried.runs}); waiting for it to finish`);
      const done = await waitForTask(client, retried.id, flags.json === true);
      if (flags.json) console.log(JSON.stringify(done, null, 2));
      process.exitCode = EXIT_CODES[done.status] ?? 1;
    });
}

interface ReviewFlags extends ClientFlags {
  iterations?: string;
  budget?: string;
  note?: string;
}

/** `ringmaster review <id> retry|accept|abandon`: decides about a task that stopped short (needs_review). */
export function registerReviewCommand(program: Command): void {
  withClientFlags(program.command('review <id> <action>'))
    .description('review a task that stopped short (status needs_review): retry it with more iterations, accept its work as it stands, or abandon it')
    .option('--iterations <n>', "retry: how many more iterations (default: the task's maxIterations)")
    .option('--budget <usd>', 'retry: how much more it may spend in USD (required when it stopped at its budget)')
    .option('--note <text>', 'retry: what the agent should know, put in the next prompt')
    .action(async (id: string, action: string, flags: ReviewFlags) => {
      if (!['retry', 'accept', 'abandon'].includes(action)) throw new UsageError(`the action is retry, accept or abandon, got "${action}"`);
      const body = {
        action,
        ...(flags.iterations !== undefined ? { maxIterations: numberFlag(flags.iterations, '--iterations') } : {}),
        ...(flags.budget !== undefined ? { budgetUsd: numberFlag(flags.budget, '--budget') } : {}),
        ...(flags.note !== undefined ? { note: flags.note } : {}),
      };
      const task = await clientFrom(flags).post<TaskText>(`/api/tasks/${encodeURIComponent(id)}/review`, body);
      console.log(flags.json ? JSON.stringify(task, null, 2) : `Reviewed (${action}); task ${task.id} is ${task.status}: ${task.step}`);
    });
}

/** `ringmaster decide <id> "<answer>"`: answers the question a task's agent asked. */
export function registerDecideCommand(program: Command): void {
  withClientFlags(program.command('decide <id> <answer>'))
    .description("answer the question a task's agent asked (task status needs_decision)")
    .action(async (id: string, answer: string, flags: ClientFlags) => {
      const task = await clientFrom(flags).post<TaskText>(`/api/tasks/${encodeURIComponent(id)}/decision`, { answer });
      console.log(flags.json ? JSON.stringify(task, null, 2) : `Answered; task ${task.id} goes on.`);
    });
}
