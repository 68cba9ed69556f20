/** One reflog entry of a branch: the commit it then pointed at and the entry's message. */
export interface ReflogEntry {
  commit: string;
  message: string;
}

/** Prefix of every reflog message Ringmaster writes when it moves a default branch. */
export const RINGMASTER_REFLOG_PREFIX = 'ringmaster:';

/** One move of the branch while the agent ran, oldest first. */
export interface BranchStep {
  commit: string;
  /** Written by Ringmaster (its merge queue, a rollback). */
  ours: boolean;
  /** The commits this move added include one made in the agent's worktree. */
  carriesAgentWork: boolean;
}

/** What happened to the default branch while an agent ran. */
export type BranchMove =
  | { kind: 'unchanged' }
  /** Only Ringmaster (its merge queue) or a person moved it: leave it. */
  | { kind: 'allowed' }
  /** The agent put its own work on it: put it back to `restoreTo`. */
  | { kind: 'violation'; from: string | undefined; to: string | undefined; restoreTo: string | undefined };

/**
 * Decides, pure, whether an agent moved the default branch from `before` to `after` through
 * `steps` (its reflog since; when it keeps none, one step to `after`): a move Ringmaster did not
 * write that adds the agent's own commits. A person committing meanwhile adds none of them, and a
 * merge queue fast-forward is Ringmaster's, so neither counts. A deleted branch is a violation.
 * `restoreTo` is where the branch was before the first offending step.
 */
export function judgeBranchMove(before: string | undefined, after: string | undefined, steps: readonly BranchStep[]): BranchMove {
  if (before === after) return { kind: 'unchanged' };
  if (after === undefined) return { kind: 'violation', from: before, to: after, restoreTo: before };
  let tip = before;
  for (const step of steps) {
    if (!step.ours && step.carriesAgentWork) return { kind: 'violation', from: before, to: after, restoreTo: tip };
    tip = step.commit;
  }
  return { kind: 'allowed' };
}
