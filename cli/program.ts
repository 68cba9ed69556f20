import { Command } from 'commander';
import { buildInfo } from '../config/version.js';
import { apiCommand } from './commands/api.js';
import { doctorCommand } from './commands/doctor.js';
import { migrateCommand } from './commands/migrate.js';
import { upCommand } from './commands/up.js';
import { workerCommand } from './commands/worker.js';
import { withSettingsFlags } from './settings-flags.js';

/** Builds the `ringmaster` command line (does not parse or run it). */
export function buildProgram(): Command {
  const program = new Command('ringmaster')
    .description('A durable orchestrator for AI coding agents, built on Temporal')
    .version(buildInfo().version)
    .showHelpAfterError();

  withSettingsFlags(program.command('up'))
    .description('start Temporal (embedded dev server unless --temporal-address), the worker and the API; Ctrl-C stops them')
    .action(upCommand);
  withSettingsFlags(program.command('worker'))
    .description('run a Temporal worker on the ringmaster task queue (started by `up`; run it on more hosts to scale)')
    .action(workerCommand);
  withSettingsFlags(program.command('api'))
    .description('serve the REST API (started by `up`)')
    .action(apiCommand);
  withSettingsFlags(program.command('migrate'), 'home')
    .description('apply pending database migrations (`up` does this at start)')
    .action(migrateCommand);
  withSettingsFlags(program.command('doctor'))
    .description('check what Ringmaster needs on this machine; exit code 1 if something required is missing')
    .option('--json', 'print the checks as JSON')
    .option('--fix', 'install the Temporal CLI when it is missing')
    .action(doctorCommand);
  return program;
}
