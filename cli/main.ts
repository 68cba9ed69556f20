#!/usr/bin/env node
import { formatCliError } from './cli-error.js';
import { buildProgram } from './program.js';

try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  console.error(formatCliError(err));
  process.exit(1);
}
