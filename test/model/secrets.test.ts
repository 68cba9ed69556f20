import { describe, expect, it } from '@jest/globals';
import type { AgentOptions } from '../../model/task-input.js';
import { mergeSecretRefs, parseSecretRef, splitSecretEnv } from '../../model/secrets.js';

const split = (options: AgentOptions) => splitSecretEnv(options);

describe('splitSecretEnv', () => {
  it('takes the env values out and refers to them as task secrets', () => {
    expect(split({ model: 'm', env: { A: '1', B: '2' }, secrets: { C: 'SHARED' } })).toEqual({
      options: { model: 'm', secrets: { C: 'SHARED', A: 'task:A', B: 'task:B' } },
      values: { A: '1', B: '2' },
    });
    expect(split({ model: 'm' })).toEqual({ options: { model: 'm' }, values: {} });
    expect(split({ env: {} })).toEqual({ options: {}, values: {} });
  });
});

describe('secret references', () => {
  it('parse as named or the task’s own', () => {
    expect(parseSecretRef('KEY')).toEqual({ kind: 'named', name: 'KEY' });
    expect(parseSecretRef('task:KEY')).toEqual({ kind: 'task', name: 'KEY' });
  });

  it("merge with the task's on top of the project's", () => {
    expect(mergeSecretRefs({ A: 'P', B: 'P' }, { B: 'T' })).toEqual({ A: 'P', B: 'T' });
    expect(mergeSecretRefs(undefined, {})).toBeUndefined();
  });
});
