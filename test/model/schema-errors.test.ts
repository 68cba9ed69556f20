import { describe, expect, it } from '@jest/globals';
import { Value } from 'typebox/value';
import { describeSchemaIssues } from '../../model/schema-errors.js';
import { TaskInputSchema } from '../../model/task-input.js';

describe('describeSchemaIssues', () => {
  it('names each field once, the way a client wrote it, with allowed values', () => {
    const issues = [...Value.Errors(TaskInputSchema, { title: '', priority: 'P9', agentOptions: { command: 'x' }, extra: 1 })];
    expect(describeSchemaIssues(issues, 'input')).toEqual(
      expect.arrayContaining([
        { field: 'input.project', message: 'is required' },
        { field: 'input.title', message: expect.stringMatching(/^must not have fewer than 1 characters$/i) },
        { field: 'input.priority', message: 'must be one of P0, P1, P2, P3, P4' },
        { field: 'input.agentOptions.command', message: 'must be array' },
        { field: 'input.extra', message: 'is not a known field' },
      ]),
    );
    expect(describeSchemaIssues(issues, 'input').filter((f) => f.field === 'input.extra')).toHaveLength(1);
  });

  it('reads ajv-style required and additional property errors', () => {
    expect(
      describeSchemaIssues(
        [
          { keyword: 'required', instancePath: '/a', params: { missingProperty: 'b' } },
          { keyword: 'additionalProperties', instancePath: '', params: { additionalProperty: 'c' } },
        ],
        'body',
      ),
    ).toEqual([
      { field: 'body.a.b', message: 'is required' },
      { field: 'body.c', message: 'is not a known field' },
    ]);
  });
});
