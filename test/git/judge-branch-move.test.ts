import { describe, expect, it } from '@jest/globals';
import { judgeBranchMove } from '../../git/judge-branch-move.js';

const ours = (commit: string) => ({ commit, ours: true, carriesAgentWork: false });
const person = (commit: string) => ({ commit, ours: false, carriesAgentWork: false });
const agent = (commit: string) => ({ commit, ours: false, carriesAgentWork: true });

describe('judgeBranchMove', () => {
  it('leaves an unmoved branch, the merge queue’s moves and a person’s commits alone', () => {
    expect(judgeBranchMove('a', 'a', [])).toEqual({ kind: 'unchanged' });
    expect(judgeBranchMove('a', 'b', [ours('b')])).toEqual({ kind: 'allowed' });
    // A person commits, then the merge queue fast-forwards onto the merged task work.
    expect(judgeBranchMove('a', 'c', [person('b'), ours('c')])).toEqual({ kind: 'allowed' });
  });

  it('catches the agent putting its work on the branch, and puts it back before that step', () => {
    expect(judgeBranchMove('a', 'c', [ours('b'), agent('c')])).toEqual({ kind: 'violation', from: 'a', to: 'c', restoreTo: 'b' });
    expect(judgeBranchMove('a', 'c', [agent('c')])).toMatchObject({ kind: 'violation', restoreTo: 'a' });
  });

  it('treats a deleted default branch as a violation', () => {
    expect(judgeBranchMove('a', undefined, [])).toEqual({ kind: 'violation', from: 'a', to: undefined, restoreTo: 'a' });
  });
});
