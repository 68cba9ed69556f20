import path from 'node:path';
import { assertTaskId } from '../model/ids.js';

/** Where one task's prompts and logs live: `<home>/logs/tasks/<taskId>/`. Throws InvalidIdError for an id that is no task id. */
export function taskFiles(home: string, taskId: string) {
  assertTaskId(taskId, 'the task id');
  const dir = path.join(home, 'logs', 'tasks', taskId);
  return {
    dir,
    /** The prompt iteration `n` received. */
    prompt: (n: number) => path.join(dir, `prompt-${n}.md`),
    /** The per-layer token report of that prompt (JSON). */
    promptReport: (n: number) => path.join(dir, `prompt-${n}.report.json`),
    /** The agent's output in iteration `n`. */
    agentLog: (n: number) => path.join(dir, `iteration-${n}.log`),
    /** The test command's output after iteration `n`. */
    testLog: (n: number) => path.join(dir, `tests-${n}.log`),
    /** What the gate after iteration `n` merged (JSON), kept so that a retry of the gate finds it done. */
    gateMerge: (n: number) => path.join(dir, `gate-${n}.json`),
  };
}
