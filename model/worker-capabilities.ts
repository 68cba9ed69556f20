/**
 * What a worker can do: the agent CLIs it found on its PATH (`claude-code`, `aider`, `codex`,
 * `gemini`, and always `command`) plus the labels its configuration gives (`gpu`,
 * `languages=python`). A task's `requires` names capabilities; they match by exact string.
 * Capabilities cross boundaries (worker identities, REST, the CLI), so their shape is fixed here.
 */
export const CAPABILITY_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._+/-]*(=[A-Za-z0-9._+/:-]+)?$';

/** Longest capability, and most labels one worker takes: the whole list travels in the worker's identity. */
export const MAX_CAPABILITY_LENGTH = 48;
export const MAX_LABELS = 16;

const CAPABILITY = new RegExp(CAPABILITY_PATTERN);

/** Returns why `text` is not a capability, or undefined when it is one. */
export function capabilityProblem(text: string): string | undefined {
  if (text.length > MAX_CAPABILITY_LENGTH) return `"${text}" is longer than ${MAX_CAPABILITY_LENGTH} characters`;
  if (!CAPABILITY.test(text)) return `"${text}" is not a capability: expected a word like gpu or key=value like languages=python (letters, digits, . _ + / -)`;
  return undefined;
}

/**
 * Parses a comma-separated label list (`gpu,languages=python`): trims items, drops empty ones and
 * repeats. Returns the labels, or the first problem found.
 */
export function parseCapabilityList(text: string): { ok: true; capabilities: string[] } | { ok: false; error: string } {
  const capabilities = [
    ...new Set(
      text
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    ),
  ];
  for (const capability of capabilities) {
    const problem = capabilityProblem(capability);
    if (problem) return { ok: false, error: problem };
  }
  if (capabilities.length > MAX_LABELS) return { ok: false, error: `has ${capabilities.length} labels; at most ${MAX_LABELS} are allowed` };
  return { ok: true, capabilities };
}

/** Returns true when `have` contains every capability in `requires` (exact strings). */
export function hasCapabilities(have: readonly string[], requires: readonly string[]): boolean {
  return requires.every((capability) => have.includes(capability));
}
