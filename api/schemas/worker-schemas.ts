import { Type, type Static } from 'typebox';
import { DEFAULT_AGENT_SLOTS, MAX_AGENT_SLOTS } from '../../config/settings.js';
import { CAPABILITY_PATTERN, MAX_CAPABILITY_LENGTH, MAX_LABELS } from '../../model/worker-capabilities.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

const Capability = Type.String({ pattern: CAPABILITY_PATTERN, maxLength: MAX_CAPABILITY_LENGTH, description: 'A word (gpu) or key=value (languages=python)' });

export const WorkerView = Type.Object(
  {
    id: Type.String({ description: 'Host id: its worktrees and its task queue ringmaster-host-<id>' }),
    hostName: Type.String(),
    pid: Type.Union([Type.Integer(), Type.Null()]),
    status: Type.Enum(['starting', 'running', 'draining'], { description: 'starting: spawned, not heard from yet; draining: takes no new task, exits when what it holds is done' }),
    queues: Type.Array(Type.String(), { description: 'Task queues it polls' }),
    capabilities: Type.Array(Type.String(), { description: "Agent CLIs it found and its labels; a task's requires must all be here" }),
    slots: Type.Object({ used: Type.Integer(), total: Type.Integer() }, { description: 'Agent slots in use (as its heartbeat reports them) and in all' }),
    runningTasks: Type.Array(Type.String(), { description: 'Unfinished tasks whose worktree is on this host' }),
    lastHeartbeat: Nullable(Type.String({ format: 'date-time' })),
    version: Type.String({ description: "Ringmaster's version ('' when the worker does not say)" }),
    commit: Type.String(),
    sdkVersion: Type.String(),
    spawned: Type.Boolean({ description: 'Started by this Ringmaster (POST /api/workers/spawn): it can stop it' }),
    tmuxSession: Nullable(Type.String({ description: 'tmux attach -t <session> to watch it' })),
  },
  { $id: 'Worker' },
);
export type WorkerView = Static<typeof WorkerView>;

export const SpawnWorkerBody = Type.Object(
  {
    capabilities: Type.Optional(Type.Array(Capability, { maxItems: MAX_LABELS, uniqueItems: true, description: 'Labels besides the agent CLIs it finds, e.g. gpu, languages=python' })),
    slots: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_AGENT_SLOTS, description: `Agent slots; default ${DEFAULT_AGENT_SLOTS}` })),
    tmux: Type.Optional(Type.Boolean({ description: 'Run it in a tmux session named after it, to attach and watch' })),
  },
  { additionalProperties: false },
);

export const SpawnedWorkerView = Type.Object(
  {
    id: Type.String(),
    pid: Type.Union([Type.Integer(), Type.Null()]),
    capabilities: Type.Array(Type.String()),
    slots: Type.Integer(),
    tmuxSession: Nullable(Type.String()),
    state: Type.Enum(['running', 'draining']),
    startedAt: Type.String({ format: 'date-time' }),
    logFile: Nullable(Type.String()),
  },
  { $id: 'SpawnedWorker' },
);
