#!/usr/bin/env node
import { adoptEnvFile } from '../config/env-file.js';
import { ENV_FILE_VARIABLE } from '../supervisor/spawned-worker-command.js';
import { formatCliError } from './cli-error.js';
import { buildProgram } from './program.js';

try {
  // A worker spawned in tmux gets its environment in a private file, not on tmux's command line.
  adoptEnvFile(ENV_FILE_VARIABLE);
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  console.error(formatCliError(err));
  process.exit(1);
}
