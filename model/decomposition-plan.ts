import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { findCycle } from './dependency-graph.js';
import { describeSchemaIssues } from './schema-errors.js';

/** Bounds of a plan an agent may give for a decomposed task. */
export const PLAN_LIMITS = { minSubtasks: 1, maxSubtasks: 20, keyLength: 40, titleLength: 500, descriptionLength: 20_000, criteria: 20 } as const;

/** A subtask's key: it becomes part of the child task's id (and so of a folder and a branch name). */
export const SUBTASK_KEY_PATTERN = `^[a-z0-9][a-z0-9-]{0,${PLAN_LIMITS.keyLength - 1}}$`;

/** One subtask of a plan: what it is, how it is checked, and which of its siblings must merge first. */
export const SubtaskSchema = Type.Object(
  {
    id: Type.String({ pattern: SUBTASK_KEY_PATTERN, description: 'A short key, unique in the plan: lowercase letters, digits and -' }),
    title: Type.String({ minLength: 1, maxLength: PLAN_LIMITS.titleLength }),
    description: Type.String({ maxLength: PLAN_LIMITS.descriptionLength }),
    acceptanceCriteria: Type.Array(Type.String({ minLength: 1, maxLength: 2_000 }), { maxItems: PLAN_LIMITS.criteria }),
    dependsOn: Type.Array(Type.String(), { maxItems: PLAN_LIMITS.maxSubtasks, uniqueItems: true, description: 'Keys of the subtasks that must merge first' }),
  },
  { additionalProperties: false },
);

/** The plan a decomposing task's agent answers with. */
export const DecompositionPlanSchema = Type.Object({ subtasks: Type.Array(SubtaskSchema, { minItems: PLAN_LIMITS.minSubtasks, maxItems: PLAN_LIMITS.maxSubtasks }) }, { additionalProperties: false });

export type Subtask = Static<typeof SubtaskSchema>;
export type DecompositionPlan = Static<typeof DecompositionPlanSchema>;

/** A plan read from an agent's answer, or what is wrong with the answer (said so the agent can fix it). */
export type PlanReading = { ok: true; plan: DecompositionPlan } | { ok: false; problem: string };

const PLAN_TAG = /<plan>([\s\S]*?)<\/plan>/gi;

/**
 * Returns the text of the last `<plan>…</plan>` block in `text`, or undefined when it has none.
 * A block inside a JSON string (a CLI's JSON event stream) comes back unescaped.
 */
export function findPlanBlock(text: string): string | undefined {
  let last: string | undefined;
  for (const match of text.matchAll(PLAN_TAG)) last = match[1];
  if (last === undefined) return undefined;
  const raw = last.trim();
  if (!raw.includes('\\"') || parses(raw)) return raw;
  try {
    return (JSON.parse(`"${last}"`) as string).trim();
  } catch {
    return raw;
  }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads a plan from an agent's answer (JSON, optionally inside a ```json fence): checks it against
 * the schema, then that keys are unique, dependencies name known keys and form no cycle. Never
 * throws; the problem names the field and what was expected.
 */
export function readPlan(text: string | undefined): PlanReading {
  if (text === undefined || text.trim() === '') return { ok: false, problem: 'no plan found: the answer must hold the plan as JSON between <plan> and </plan>' };
  const unfenced = text.replace(/^\s*```(?:json)?\s*\n?/i, '').replace(/\n?\s*```\s*$/, '');
  let value: unknown;
  try {
    value = JSON.parse(unfenced);
  } catch (err) {
    return { ok: false, problem: `the plan is not valid JSON: ${(err as Error).message}` };
  }
  const issues = [...Value.Errors(DecompositionPlanSchema, value)];
  if (issues.length) {
    return {
      ok: false,
      problem: `the plan does not match the schema: ${describeSchemaIssues(issues, 'plan')
        .map((f) => `${f.field} ${f.message}`)
        .join('; ')}`,
    };
  }
  const plan = value as DecompositionPlan;
  const problem = planGraphProblem(plan);
  return problem ? { ok: false, problem } : { ok: true, plan };
}

/** Returns what is wrong with the plan's keys and dependencies (duplicates, unknown keys, a cycle), or undefined. */
export function planGraphProblem(plan: DecompositionPlan): string | undefined {
  const keys = plan.subtasks.map((s) => s.id);
  const duplicate = keys.find((key, i) => keys.indexOf(key) !== i);
  if (duplicate) return `subtask id "${duplicate}" is used twice: ids must be unique`;
  for (const subtask of plan.subtasks) {
    const unknown = subtask.dependsOn.filter((key) => !keys.includes(key));
    if (unknown.length) return `subtask "${subtask.id}" depends on ${unknown.map((k) => `"${k}"`).join(', ')}, which the plan does not have (known ids: ${keys.join(', ')})`;
    if (subtask.dependsOn.includes(subtask.id)) return `subtask "${subtask.id}" depends on itself`;
  }
  const edges: { taskId: string; dependsOn: string }[] = [];
  for (const subtask of plan.subtasks) {
    const cycle = findCycle(edges, subtask.id, subtask.dependsOn);
    if (cycle) return `the dependencies form a cycle: ${cycle.join(' → ')}`;
    for (const dependsOn of subtask.dependsOn) edges.push({ taskId: subtask.id, dependsOn });
  }
  return undefined;
}
