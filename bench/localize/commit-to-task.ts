import { cleanMessage } from '../../enrich/retrieval/history-features.js';
import type { FileChange, HistoryCommit } from '../../enrich/retrieval/parse-git-log.js';
import { classifyPath } from '../../enrich/retrieval/source-pool.js';
import type { LocalizationTask } from './dataset.js';

/** Which commits make tasks: how many source files they may change. */
export interface TaskRules {
  minFiles: number;
  maxFiles: number;
}

export const DEFAULT_TASK_RULES: TaskRules = { minFiles: 1, maxFiles: 5 };

/**
 * The task a commit makes, or undefined when it makes none: a merge or root commit, a message
 * with fewer than three words once cleaned, a count of changed source files outside the rules, or
 * no changed source file that existed before (added files cannot be found). `isGenerated` says
 * whether a changed source path holds generated text (it then counts with the other files). Pure.
 */
export function commitToTask(repo: string, commit: HistoryCommit, isGenerated: (change: FileChange) => boolean, rules: TaskRules = DEFAULT_TASK_RULES): LocalizationTask | undefined {
  if (commit.parents.length !== 1) return undefined;
  const task = cleanMessage(commit.message);
  if (task.split(/\s+/).filter((word) => /[A-Za-z]/.test(word)).length < 3) return undefined;
  const files: string[] = [];
  const testFiles: string[] = [];
  const otherFiles: string[] = [];
  const fileStatus: Record<string, string> = {};
  for (const change of commit.changes) {
    const kind = classifyPath(change.path);
    if (kind === 'source' && !isGenerated(change)) {
      files.push(change.path);
      fileStatus[change.path] = change.status;
    } else if (kind === 'test') testFiles.push(change.path);
    else otherFiles.push(change.path);
  }
  if (files.length < rules.minFiles || files.length > rules.maxFiles) return undefined;
  if (files.every((file) => fileStatus[file] === 'A')) return undefined;
  return {
    repo,
    commit: commit.sha,
    parent: commit.parents[0]!,
    date: new Date(commit.time * 1000).toISOString(),
    task,
    files: files.sort(),
    test_files: testFiles.sort(),
    file_status: fileStatus,
    other_files: otherFiles.sort(),
  };
}
