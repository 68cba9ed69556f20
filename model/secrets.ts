/**
 * Secrets reach agents as environment variables and never travel in clear text through workflow
 * payloads, the projection, API answers or logs. A task names them in `agentOptions.secrets`
 * (`{ ENV_VAR: ref }`): `NAME` is a named secret (`ringmaster secret set NAME`); `task:NAME` is a
 * value the task itself brought in `agentOptions.env`, sealed when it was filed.
 */

/** Environment variable names an agent may be given (also the names of named secrets). */
export const ENV_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]{0,127}$';
/** A reference to a secret: `NAME` (named) or `task:NAME` (the task's own sealed env value). */
export const SECRET_REF_PATTERN = '^(task:)?[A-Za-z_][A-Za-z0-9_]{0,127}$';
const TASK_PREFIX = 'task:';

/** Limits on what a task may carry (the values are stored and resolved for every iteration). */
export const SECRET_LIMITS = { maxPerTask: 50, maxValueLength: 32 * 1024 } as const;

export type SecretRefs = Record<string, string>;

/** Where a reference points: a named secret, or the task's own value. */
export type SecretRef = { kind: 'named'; name: string } | { kind: 'task'; name: string };

/** Parses a reference (already validated against SECRET_REF_PATTERN). */
export function parseSecretRef(ref: string): SecretRef {
  return ref.startsWith(TASK_PREFIX) ? { kind: 'task', name: ref.slice(TASK_PREFIX.length) } : { kind: 'named', name: ref };
}

/** The reference of a value a task brought in `agentOptions.env` under `envName`. */
export function taskSecretRef(envName: string): string {
  return `${TASK_PREFIX}${envName}`;
}

/** Agent options as filed, and as kept once their env values are sealed away. */
export interface SealableOptions {
  env?: Record<string, string>;
  secrets?: SecretRefs;
}

/**
 * Splits a task's agent options into what may be stored and sent on (the options without `env`,
 * its names added to `secrets` as `task:` references) and the clear values to seal. Pure.
 */
export function splitSecretEnv<T extends SealableOptions>(options: T): { options: Omit<T, 'env'>; values: Record<string, string> } {
  const { env, ...rest } = options;
  if (!env || Object.keys(env).length === 0) return { options: rest, values: {} };
  const sealed: SecretRefs = { ...(rest.secrets ?? {}) };
  for (const name of Object.keys(env)) sealed[name] = taskSecretRef(name);
  return { options: { ...rest, secrets: sealed }, values: { ...env } };
}

/** The secrets an agent gets: the project's references, with the task's own on top. */
export function mergeSecretRefs(project: SecretRefs | undefined, task: SecretRefs | undefined): SecretRefs | undefined {
  const merged = { ...(project ?? {}), ...(task ?? {}) };
  return Object.keys(merged).length ? merged : undefined;
}
