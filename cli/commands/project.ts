import type { Command } from 'commander';
import path from 'node:path';
import { clientFrom, withClientFlags, type ClientFlags } from '../client/client-from-flags.js';
import { renderTable } from '../format/table.js';
import { UsageError } from '../cli-error.js';
import { numberFlag } from '../number-flag.js';
import { parseCapabilityList } from '../../model/worker-capabilities.js';

interface ProjectJson {
  id: string;
  name: string;
  repoPath: string;
  remote: string | null;
  defaultBranch: string;
  agent: string;
  testCommand: string[] | null;
}

interface AddFlags extends ClientFlags {
  name?: string;
  remote?: string;
  testCmd?: string;
  setupCmd?: string;
  agent?: string;
  defaultBranch?: string;
  copyFile?: string[];
  maxIterations?: string;
  budget?: string;
  budgetPerMonth?: string;
  onRateLimit?: string;
  rateLimitMaxWait?: string;
  stallMinutes?: string;
  reviewOnStop?: boolean;
  lintCmd?: string;
  promptBudget?: string;
  deployHosts?: string;
  remoteSecret?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** A project name from a folder name: what the API accepts (letters, digits, . _ -). */
export function nameFromPath(repoPath: string): string {
  return (
    path
      .basename(path.resolve(repoPath))
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[._-]+/, '')
      .slice(0, 64) || 'project'
  );
}

/** The labels of `--deploy-hosts a,b`; throws UsageError for one that is not a label. */
function deployHostLabels(text: string): string[] {
  const parsed = parseCapabilityList(text);
  if (!parsed.ok) throw new UsageError(`--deploy-hosts: ${parsed.error}`);
  return parsed.capabilities;
}

/** `ringmaster project add|ls`: register git repositories and list them (through the API). */
export function registerProjectCommands(program: Command): void {
  const project = program.command('project').description('register git repositories as projects');

  withClientFlags(project.command('add [path]'))
    .description('register the git repository at <path>, or the git remote of --remote, as a project')
    .option('--remote <url>', 'a git remote instead of a path (file://, git://, ssh://, user@host:path, https://): every host works from its own mirror and pushes there')
    .option('--remote-secret <name>', 'the named secret (ringmaster secret set <name>) an https remote is reached with: user:password, or a token')
    .option('--name <name>', 'project name (default: the folder name)')
    .option('--test-cmd <command>', 'test command Ringmaster runs to gate every result, e.g. "npm test"')
    .option('--setup-cmd <command>', 'command run in each new worktree, e.g. "npm ci"')
    .option('--agent <agent>', 'default agent: claude-code, aider, codex, gemini, opencode or command')
    .option('--default-branch <branch>', "branch tasks start from and merge into (default: the repository's current branch)")
    .option('--copy-file <file>', 'git-ignored file copied into each worktree (repeatable)', collect)
    .option('--max-iterations <n>', 'default iteration limit of its tasks')
    .option('--budget <usd>', 'default spend limit per task in USD')
    .option('--budget-per-month <usd>', 'what its agents may spend per calendar month (UTC) in USD; then its tasks wait as waiting_for_budget')
    .option('--on-rate-limit <wait|fail>', 'when an agent hits a rate limit: wait for the reset and run the iteration again (default), or fail')
    .option('--rate-limit-max-wait <minutes>', 'the longest wait for a rate limit to reset; a later reset fails the task (default 360)')
    .option('--stall-minutes <n>', 'stop an agent run that writes no output for this long (outcome stalled)')
    .option('--review-on-stop', 'tasks that stop short wait for a person (ringmaster review <id> retry|accept|abandon) instead of failing')
    .option('--lint-cmd <command>', 'lint command shown to the agent as a way to check its work, e.g. "npm run lint"')
    .option('--prompt-budget <tokens>', 'token budget of each prompt (default 24000)')
    .option('--deploy-hosts <labels>', "comma-separated host labels its releases run on, one host at a time (default: the control plane's host)")
    .action(async (repoPath: string | undefined, flags: AddFlags) => {
      if ((repoPath === undefined) === (flags.remote === undefined)) throw new UsageError('give the repository as <path> or as --remote <url>, one of them');
      if (flags.remoteSecret !== undefined && flags.remote === undefined) throw new UsageError('--remote-secret goes with --remote <https url>');
      const body = {
        ...(flags.remote !== undefined
          ? { remote: flags.remote, name: flags.name ?? nameFromPath(flags.remote.replace(/\.git\/*$/, '')) }
          : { name: flags.name ?? nameFromPath(repoPath!), repoPath: path.resolve(repoPath!) }),
        ...(flags.testCmd !== undefined ? { testCommand: flags.testCmd } : {}),
        ...(flags.setupCmd !== undefined ? { setupCommand: flags.setupCmd } : {}),
        ...(flags.agent !== undefined ? { agent: flags.agent } : {}),
        ...(flags.defaultBranch !== undefined ? { defaultBranch: flags.defaultBranch } : {}),
        ...(flags.copyFile !== undefined ? { copyFiles: flags.copyFile } : {}),
        ...(flags.maxIterations !== undefined ? { maxIterations: numberFlag(flags.maxIterations, '--max-iterations') } : {}),
        ...(flags.budget !== undefined ? { budgetUsd: numberFlag(flags.budget, '--budget') } : {}),
        ...(flags.budgetPerMonth !== undefined ? { budgetUsdPerMonth: numberFlag(flags.budgetPerMonth, '--budget-per-month') } : {}),
        ...(flags.onRateLimit !== undefined ? { onRateLimit: flags.onRateLimit } : {}),
        ...(flags.rateLimitMaxWait !== undefined ? { rateLimitMaxWaitMinutes: numberFlag(flags.rateLimitMaxWait, '--rate-limit-max-wait') } : {}),
        ...(flags.stallMinutes !== undefined ? { stallMinutes: numberFlag(flags.stallMinutes, '--stall-minutes') } : {}),
        ...(flags.reviewOnStop ? { reviewOnStop: true } : {}),
        ...(flags.lintCmd !== undefined ? { lintCommand: flags.lintCmd } : {}),
        ...(flags.promptBudget !== undefined ? { prompt: { budgetTokens: numberFlag(flags.promptBudget, '--prompt-budget') } } : {}),
        ...(flags.deployHosts !== undefined ? { deployHosts: deployHostLabels(flags.deployHosts) } : {}),
        ...(flags.remoteSecret !== undefined ? { remoteSecret: flags.remoteSecret } : {}),
      };
      const created = await clientFrom(flags).post<ProjectJson>('/api/projects', body);
      console.log(flags.json ? JSON.stringify(created, null, 2) : `Registered project ${created.name} (${created.id}): ${created.remote ?? created.repoPath} on ${created.defaultBranch}`);
    });

  withClientFlags(project.command('ls'))
    .description('list projects')
    .action(async (flags: ClientFlags) => {
      const { items } = await clientFrom(flags).get<{ items: ProjectJson[] }>('/api/projects');
      if (flags.json) return console.log(JSON.stringify(items, null, 2));
      if (items.length === 0) return console.log('No projects yet: ringmaster project add <path>');
      console.log(
        renderTable(
          ['NAME', 'ID', 'BRANCH', 'AGENT', 'TESTS', 'REPOSITORY'],
          items.map((p) => [p.name, p.id, p.defaultBranch, p.agent, p.testCommand?.join(' ') ?? '-', p.repoPath]),
          80,
        ),
      );
    });
}
