/** One localization task: a real commit, its message as the task, and the files it changed. */
export interface LocalizationTask {
  repo: string;
  commit: string;
  parent: string;
  /** ISO 8601 commit date. */
  date: string;
  /** Subject + body with trailers and issue/PR numbers removed. */
  task: string;
  /** Changed non-test source files. */
  files: string[];
  test_files: string[];
  /** Git status letter of each of `files` (A, M, D, R…). */
  file_status: Record<string, string>;
  /** Changed docs/config/generated files. */
  other_files: string[];
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/**
 * The tasks of a JSON-lines dataset, in file order. Throws with the line number when a line is
 * not JSON or lacks a field of the expected type.
 */
export function parseDataset(text: string): LocalizationTask[] {
  const tasks: LocalizationTask[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`dataset line ${index + 1}: expected JSON, saw ${JSON.stringify(line.slice(0, 80))} (${(error as Error).message})`);
    }
    for (const field of ['repo', 'commit', 'parent', 'date', 'task'] as const) {
      if (typeof value[field] !== 'string') throw new Error(`dataset line ${index + 1}: expected "${field}" to be a string, saw ${JSON.stringify(value[field])}`);
    }
    for (const field of ['files', 'test_files', 'other_files'] as const) {
      if (!isStringArray(value[field])) throw new Error(`dataset line ${index + 1}: expected "${field}" to be an array of strings`);
    }
    tasks.push({ file_status: {}, ...value } as unknown as LocalizationTask);
  });
  return tasks;
}

/** Tasks oldest first by commit date (ties by commit id), so an index can follow the history forward. Pure. */
export function chronological(tasks: readonly LocalizationTask[]): LocalizationTask[] {
  return [...tasks].sort((a, b) => Date.parse(a.date) - Date.parse(b.date) || a.commit.localeCompare(b.commit));
}

/** Serialises tasks as JSON lines (one object a line, final newline). Pure. */
export function formatDataset(tasks: readonly LocalizationTask[]): string {
  return tasks.map((task) => JSON.stringify(task)).join('\n') + (tasks.length > 0 ? '\n' : '');
}
