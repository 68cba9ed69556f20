import { Command } from 'commander';
import { buildInfo } from '../config/version.js';
import { registerAccessCommands } from './commands/access.js';
import { registerBackupCommands } from './commands/backup.js';
import { registerBuildPromptCommand } from './commands/build-prompt.js';
import { registerMaintenanceCommands } from './commands/maintenance.js';
import { registerExternalCommands } from './commands/external.js';
import { registerProjectCommands } from './commands/project.js';
import { registerReloadCommands } from './commands/reload.js';
import { registerStatsCommand } from './commands/stats.js';
import { registerNotifyCommand } from './commands/notify.js';
import { registerDecideCommand, registerReviewCommand, registerTaskCommands } from './commands/task.js';
import { registerWorkerCommands } from './commands/worker.js';
import { withSettingsFlags } from './settings-flags.js';

// Commands that start Temporal, fastify or SQLite load them only when they run, so that
// `ringmaster task ls` starts in a fraction of a second.
const lazy =
  <A extends unknown[]>(load: () => Promise<(...args: A) => unknown>) =>
  async (...args: A): Promise<void> => {
    await (
      await load()
    )(...args);
  };

/** Builds the `ringmaster` command line (does not parse or run it). */
export function buildProgram(): Command {
  const program = new Command('ringmaster').description('A durable orchestrator for AI coding agents, built on Temporal').version(buildInfo().version).showHelpAfterError();

  withSettingsFlags(program.command('up'))
    .description('start Temporal (embedded dev server unless --temporal-address), the worker and the API; Ctrl-C stops them')
    .option('--self [repo]', "self-hosting: register Ringmaster's repository (default: this checkout) as the project 'ringmaster' and run from its releases, so tasks can change and reload Ringmaster")
    .option('--self-test-cmd <command>', 'with --self: the test command gating its changes (default: npm test)')
    .action(lazy(async () => (await import('./commands/up.js')).upCommand));
  registerWorkerCommands(program);
  withSettingsFlags(program.command('api'))
    .description('serve the REST API (started by `up`)')
    .action(lazy(async () => (await import('./commands/api.js')).apiCommand));
  withSettingsFlags(program.command('api-worker', { hidden: true }))
    .description('serve the REST API as the worker process of `ringmaster api` (started by it)')
    .action(lazy(async () => (await import('./commands/api.js')).apiWorkerCommand));
  withSettingsFlags(program.command('migrate'), 'home')
    .description('apply pending database migrations (`up` does this at start)')
    .action(lazy(async () => (await import('./commands/migrate.js')).migrateCommand));
  withSettingsFlags(program.command('doctor'))
    .description('check what Ringmaster needs on this machine; exit code 1 if something required is missing')
    .option('--json', 'print the checks as JSON')
    .option('--fix', 'install the Temporal CLI when it is missing')
    .option('--install-aider', 'install Aider (aider-chat, pinned) into the tools dir when it is not on PATH')
    .action(lazy(async () => (await import('./commands/doctor.js')).doctorCommand));
  withSettingsFlags(program.command('replay-check'))
    .description("replay the running and recently closed workflows with this build's workflow code; exit code 1 if any would break")
    .option('--hours <n>', 'also replay runs closed within this many hours (default 24)')
    .option('--task-queue <queue>', 'task queue of the workflows (env RINGMASTER_TASK_QUEUE, default ringmaster)')
    .option('--max <n>', 'replay at most this many histories, running runs first (default 1000)')
    .option('--workflow-bundle <file>', "check this bundle instead of this build's dist/workflow-bundle.js")
    .option('--json', 'print the result as JSON')
    .action(lazy(async () => (await import('./commands/replay-check.js')).replayCheckCommand));
  registerProjectCommands(program);
  registerTaskCommands(program);
  registerDecideCommand(program);
  registerReviewCommand(program);
  registerReloadCommands(program);
  registerStatsCommand(program);
  registerNotifyCommand(program);
  registerBuildPromptCommand(program);
  registerExternalCommands(program);
  registerAccessCommands(program);
  registerMaintenanceCommands(program);
  registerBackupCommands(program);
  // Options stop at the subcommand (set last, so no command inherits it): `worker spawn --slots 3`
  // is spawn's --slots, not the worker's own.
  program.enablePositionalOptions();
  return program;
}
