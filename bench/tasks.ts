// The cost of orchestration (see bench/README.md): a Ringmaster of its own (temporary home, free
// ports) runs no-op tasks through the REST API, sequentially and in a burst, next to the same git
// work done directly, then a worker kill mid-agent and the task list at 10,000 tasks.
// Run with `npm run bench:tasks [-- --sequential N --burst N --projects N --slots N --json --keep]`.
// Prints one JSON line per scenario and the table in Markdown.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../config/paths.js';
import { ensureTemporalCli } from '../toolchain/temporal-cli.js';
import { makeRepo } from './support/make-repo.js';
import { createRestClient } from './support/rest-client.js';
import { startUp } from './support/ringmaster-up.js';
import { agentAlone, directGitTask } from './tasks/direct-git.js';
import { formatTaskBench, taskBenchLines, type TaskBenchRun } from './tasks/format-tasks-report.js';
import { historyEventsByType } from './tasks/history-events.js';
import { writeBenchAgents } from './tasks/noop-agent.js';
import { seedFinishedTasks } from './tasks/seed-tasks.js';
import { runBurst, runListLoad, runResumeAfterKill, runSequential } from './tasks/task-scenarios.js';

const { values } = parseArgs({
  options: {
    sequential: { type: 'string', default: '10' },
    burst: { type: 'string', default: '100' },
    projects: { type: 'string', default: '10' },
    slots: { type: 'string', default: '20' },
    seed: { type: 'string', default: '10000' },
    json: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const count = (name: 'sequential' | 'burst' | 'projects' | 'slots' | 'seed'): number => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`--${name} wants a positive integer, got ${values[name]}`);
  return n;
};
const log = (line: string) => console.error(`[bench:tasks] ${line}`);

const { path: temporalBin } = await ensureTemporalCli({ onProgress: log });
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ringmaster-bench-tasks-'));
const agents = writeBenchAgents(path.join(root, 'agents'));
const test = ['true'];
const projectNames = Array.from({ length: count('projects') }, (_, n) => `bench${n}`);
for (const name of ['direct', ...projectNames]) makeRepo(path.join(root, 'repos', name), { 'README.md': `# ${name}\n` });

log('the same git work done directly, and the agent alone');
const directGitMs: number[] = [];
const agentAloneMs: number[] = [];
for (let n = 0; n < count('sequential'); n++) {
  directGitMs.push(await directGitTask(path.join(root, 'repos', 'direct'), n, agents.noop, test));
  agentAloneMs.push(await agentAlone(path.join(root, 'agents'), n, agents.noop));
}

log('starting ringmaster up');
const up = await startUp({
  cliEntry: path.join(packageRoot(), 'dist', 'cli', 'main.js'),
  home: path.join(root, 'home'),
  temporalBin,
  env: { RINGMASTER_AGENT_SLOTS: String(count('slots')) },
});
let exitCode = 0;
try {
  const rest = createRestClient(up.apiUrl, up.token);
  const projectIds: string[] = [];
  for (const name of projectNames) {
    const res = await rest.requestAnswered<{ id: string }>('POST', '/api/projects', { name, repoPath: path.join(root, 'repos', name), testCommand: test });
    if (res.status !== 201) throw new Error(`POST /api/projects answered ${res.status} ${JSON.stringify(res.body)}`);
    projectIds.push(res.body.id);
  }
  log('the task list while it is empty');
  const listEmpty = await runListLoad(up.apiUrl, up.token, '/api/tasks?limit=50', 10, 5000);

  log(`${count('sequential')} tasks one after another`);
  const sequential = await runSequential(rest, projectNames[0]!, agents.noop, count('sequential'));
  log(`${count('burst')} tasks at once over ${projectNames.length} projects, ${count('slots')} agent slots`);
  const burst = await runBurst(up, rest, projectNames, agents.noop, count('burst'), 15 * 60_000);
  const history = await historyEventsByType(up.temporalAddress);

  log('SIGKILL of the worker while an agent runs');
  const resume = await runResumeAfterKill(up, rest, projectNames[0]!, agents.slow, root, 3000);

  log(`the task list with ${count('seed')} more tasks`);
  seedFinishedTasks(up.home, projectIds[0]!, count('seed'));
  const listSeeded = await runListLoad(up.apiUrl, up.token, '/api/tasks?limit=50', 10, 5000);

  const run: TaskBenchRun = {
    directGitMs,
    agentAloneMs,
    sequential,
    burst,
    history,
    historyTasks: count('sequential') + count('burst'),
    resume,
    listEmpty,
    listSeeded,
    seededTasks: count('seed'),
  };
  const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
  if (!values.json) console.log(`\n${machine}\n\n${formatTaskBench(run)}\n`);
  for (const line of taskBenchLines(run)) console.log(JSON.stringify(line));
  if (burst.lost > 0 || sequential.statuses.some((s) => s !== 'completed') || resume.status !== 'completed') exitCode = 1;
} finally {
  process.kill(up.pid, 'SIGTERM');
  await up.exited;
  if (values.keep) log(`kept ${root}`);
  else fs.rmSync(root, { recursive: true, force: true });
}
process.exitCode = exitCode;
