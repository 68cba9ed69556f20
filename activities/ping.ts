import type { PingInput, PingResult } from '../model/workflow-types.js';

export interface PingDeps {
  version: string;
  hostname: string;
  pid: number;
}

/** Builds the `ping` activity: echoes the message with the identity of the worker that ran it. */
export function createPingActivity(deps: PingDeps) {
  return async function ping(input: PingInput): Promise<PingResult> {
    return { message: input.message, worker: { version: deps.version, hostname: deps.hostname, pid: deps.pid } };
  };
}
