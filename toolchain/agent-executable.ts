import path from 'node:path';
import { toolsDir } from '../config/paths.js';
import { findOnPath, isExecutable } from './find-executable.js';

/**
 * Returns where an agent CLI's executable is: on PATH first (the user's own install), else in the
 * tools dir's `bin/`, where Ringmaster installs the CLIs it can install itself (Aider). Undefined
 * when neither has it.
 */
export function findAgentExecutable(executable: string, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const onPath = findOnPath(executable, env.PATH);
  if (onPath) return onPath;
  const installed = path.join(toolsDir(env), 'bin', executable);
  return isExecutable(installed) ? installed : undefined;
}
