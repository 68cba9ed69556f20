import { TaskStatus } from '../../model/task-status.js';

/** What a finished task looked like, as far as a lesson needs it. */
export interface FinishedTask {
  title: string;
  status: TaskStatus;
  error: string | null;
  iterations: { number: number; outcome: string; summary: string; testsPassed: boolean | null }[];
}

const MAX_SUMMARY_CHARS = 400;
const MAX_LESSON_CHARS = 2_000;

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * The lesson a project keeps from a finished task, or null when there is nothing to learn: a task
 * that failed (or ended in a conflict) teaches why; one that needed several iterations teaches
 * what went wrong before it worked. Cancelled tasks and first-try successes teach nothing.
 */
export function deriveLesson(task: FinishedTask): { outcome: string; lesson: string } | null {
  const failed = task.status === TaskStatus.failed || task.status === TaskStatus.conflict;
  const struggled = task.status === TaskStatus.completed && task.iterations.length > 1;
  if (!failed && !struggled) return null;
  const lines: string[] = [];
  if (failed) lines.push(`Failed after ${task.iterations.length} iteration(s): ${clip(task.error ?? 'no reason recorded', MAX_SUMMARY_CHARS)}`);
  else lines.push(`Completed, but only after ${task.iterations.length} iterations.`);
  for (const it of task.iterations) {
    const tests = it.testsPassed === false ? '; the tests failed' : '';
    const summary = it.summary.trim() ? `: ${clip(it.summary, MAX_SUMMARY_CHARS)}` : '';
    lines.push(`- iteration ${it.number} (${it.outcome}${tests})${summary}`);
  }
  const lesson = lines.join('\n');
  return { outcome: task.status, lesson: lesson.length > MAX_LESSON_CHARS ? `${lesson.slice(0, MAX_LESSON_CHARS - 1)}…` : lesson };
}
