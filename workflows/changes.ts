import { patched } from '@temporalio/workflow';

/**
 * Every change to the workflows made before this build, answered by one patch: a workflow this
 * build starts records one marker (two history events, since Core upserts the
 * TemporalChangeVersion search attribute with each) instead of one for each change. A history from
 * before has no such marker: it replays each change's own patch as it ran. A change made after
 * this goes through `patched` with its own id (and into the next such list).
 */
const BUILD_CHANGES = 'changes-2026-12';
const ANSWERED = new Set([
  'local-records',
  'scheduling',
  'upsert-status-on-change',
  'move-from-lost-host',
  'slot-request-lost',
  'prompt-context',
  'cleanup-never-strands',
  'fused-host-steps',
  'tested-before-advance',
  'release-only-with-work',
  'release-on-hosts',
  'revert-failed-change',
]);

/** Whether this workflow runs with `change` (a patch id): Temporal's `patched`, for the changes above through their one marker. */
export function changed(change: string): boolean {
  if (!ANSWERED.has(change)) throw new Error(`${change} is not among the changes answered by ${BUILD_CHANGES}: call patched() for it`);
  return patched(BUILD_CHANGES) || patched(change);
}

/** Whether this workflow runs with the changes new in this build: the same one marker. */
export function thisBuild(): boolean {
  return patched(BUILD_CHANGES);
}
