import { Type } from 'typebox';

const PointInTime = (what: string) => Type.String({ minLength: 1, description: `${what}: an ISO date or date-time, or a span back from now (30m, 24h, 7d, 2w)` });

export const StatsQuery = Type.Object(
  {
    since: Type.Optional(PointInTime('Tasks filed from (default 7d)')),
    until: Type.Optional(PointInTime('Tasks filed before (default now)')),
    project: Type.Optional(Type.String({ minLength: 1, description: 'Project id or name' })),
  },
  { additionalProperties: false },
);

const nullableNumber = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });

const StatsFields = {
  tasks: Type.Integer({ description: 'Tasks filed in the window' }),
  ended: Type.Integer({ description: 'Of those, in a final status' }),
  completed: Type.Integer(),
  successRate: nullableNumber('completed / ended; null when none ended'),
  meanIterations: nullableNumber('Mean iterations of the ended tasks'),
  durationSeconds: Type.Object({ p50: nullableNumber('Median duration of the ended tasks'), p95: nullableNumber('95th percentile') }),
  tokensIn: Type.Integer(),
  tokensOut: Type.Integer(),
  costUsd: Type.Number({ description: 'Cost the agents reported, or Ringmaster estimated from their tokens and the price table' }),
};

const Window = { since: Type.String({ format: 'date-time' }), until: Type.String({ format: 'date-time' }), project: Type.Union([Type.String(), Type.Null()]) };

export const StatsSummary = Type.Object({ ...Window, ...StatsFields });

export const StatsByProject = Type.Object({ ...Window, items: Type.Array(Type.Object({ project: Type.String(), ...StatsFields })) });
export const StatsByAgent = Type.Object({ ...Window, items: Type.Array(Type.Object({ agent: Type.String(), ...StatsFields })) });
export const StatsByModel = Type.Object({
  ...Window,
  items: Type.Array(Type.Object({ model: Type.String({ description: "The model of the tasks' last iterations; unknown when none named one" }), ...StatsFields })),
});
