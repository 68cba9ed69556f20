// Ringmaster's own settings are not the business of the programs it runs, and some would point
// them at the live deployment (a project's tests must not talk to this Temporal cluster).
// Tool locations stay: they only save a child from installing the Temporal CLI again.
const KEPT = new Set(['RINGMASTER_TEMPORAL_BIN', 'RINGMASTER_TOOLS_DIR']);

/**
 * Returns the environment a child process of Ringmaster starts from: this process's environment
 * without Ringmaster's own variables (RINGMASTER_*, TEMPORAL_*), except the tool locations.
 */
export function childBaseEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => KEPT.has(name) || !(name.startsWith('RINGMASTER_') || name.startsWith('TEMPORAL_'))),
  );
}
