import { createPingActivity, type PingDeps } from './ping.js';

/** Everything activities need from the process that hosts them. */
export type ActivityDeps = PingDeps;

/**
 * Builds every activity of the `ringmaster` task queue from its dependencies (the
 * samples-typescript dependency-injection pattern). Workflows import only this type.
 */
export function createActivities(deps: ActivityDeps) {
  return {
    ping: createPingActivity(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
