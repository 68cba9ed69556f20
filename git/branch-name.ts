import { InvalidBranchNameError } from './git-errors.js';

/** Prefix of every branch Ringmaster creates for a task. */
export const TASK_BRANCH_PREFIX = 'ringmaster/';

/** Why `name` breaks git's ref-name rules (git-check-ref-format), or undefined when it is fine. */
function refNameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name.startsWith('-')) return 'it starts with "-"';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return 'it contains a space, a control character or one of ~^:?*[\\';
  if (name.includes('..') || name.includes('@{') || name.includes('//')) return 'it contains "..", "@{" or "//"';
  if (name === '@' || name.endsWith('/') || name.endsWith('.')) return 'it is "@" or ends with "/" or "."';
  if (name.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'))) {
    return 'a component starts with "." or ends with ".lock"';
  }
  return undefined;
}

/** Returns `branch` when git accepts it as a branch name; throws `InvalidBranchNameError` otherwise. */
export function assertBranchName(branch: string): string {
  const problem = refNameProblem(branch);
  if (problem) throw new InvalidBranchNameError(branch, problem);
  return branch;
}

/** Returns the branch of a task, `ringmaster/<taskId>`; throws `InvalidBranchNameError` for an id git cannot use. */
export function taskBranchName(taskId: string): string {
  if (taskId === '' || taskId.includes('/')) throw new InvalidBranchNameError(`${TASK_BRANCH_PREFIX}${taskId}`, 'a task id must be one non-empty path component');
  return assertBranchName(`${TASK_BRANCH_PREFIX}${taskId}`);
}
