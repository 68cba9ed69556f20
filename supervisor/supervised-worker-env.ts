/** Set in the environment of the worker a host supervisor runs: it is the worker itself, not another supervisor. */
export const SUPERVISED_WORKER_ENV = 'RINGMASTER_SUPERVISED_WORKER';
