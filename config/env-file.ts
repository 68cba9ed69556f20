import fs from 'node:fs';
import { writePrivateFile } from './private-files.js';

/**
 * Hands an environment to a process started through something that would show it to every user
 * (tmux's command line): written to a private file, read and deleted by the process at start.
 */
export function writeEnvFile(file: string, env: Readonly<Record<string, string | undefined>>): void {
  const defined = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  writePrivateFile(file, JSON.stringify(defined));
}

/**
 * When `variable` names an environment file, replaces this process's environment with the file's
 * and deletes the file. Throws when the file cannot be read or is not an object of strings.
 */
export function adoptEnvFile(variable: string, env: NodeJS.ProcessEnv = process.env): void {
  const file = env[variable];
  if (!file) return;
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  fs.rmSync(file, { force: true });
  if (typeof parsed !== 'object' || parsed === null || Object.values(parsed).some((value) => typeof value !== 'string')) {
    throw new Error(`${file} is not an environment file (an object of strings)`);
  }
  for (const name of Object.keys(env)) delete env[name];
  Object.assign(env, parsed);
}
