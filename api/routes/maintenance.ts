import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Client } from '@temporalio/client';
import { Type } from 'typebox';
import type { MaintenanceSettings } from '../../config/settings.js';
import type { MaintenanceInput, MaintenanceReport } from '../../model/maintenance.js';
import { isFinalStatus } from '../../model/task-status.js';
import { TASK_QUEUE } from '../../model/task-queues.js';
import { WorkflowType } from '../../model/workflow-types.js';
import type { ProjectRepository } from '../../store/project-repository.js';
import type { TaskRepository } from '../../store/task-repository.js';
import { ErrorBody, ErrorCode, HttpError } from '../errors.js';
import { MaintenanceBody, MaintenanceReportView, PruneBody, WorktreeQuery, WorktreeView } from '../schemas/maintenance-schemas.js';

const DAY_MS = 24 * 60 * 60_000;
// A maintenance run waits for every host; longer than this, the answer says so.
const RUN_MS = 10 * 60_000;

export interface MaintenanceRouteDeps {
  client: Client;
  taskQueue?: string;
  projects: ProjectRepository;
  tasks: TaskRepository;
  maintenance: MaintenanceSettings;
}

/** POST /api/maintenance (run it now), GET /api/worktrees, POST /api/worktrees/prune. */
export const maintenanceRoutes =
  (deps: MaintenanceRouteDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const run = async (input: MaintenanceInput): Promise<MaintenanceReport> => {
      try {
        return await deps.client.connection.withDeadline(Date.now() + RUN_MS, () =>
          deps.client.workflow.execute<(input: MaintenanceInput) => Promise<MaintenanceReport>>(WorkflowType.maintenance, {
            taskQueue: deps.taskQueue ?? TASK_QUEUE,
            workflowId: `ringmaster-maintenance-${Date.now()}`,
            args: [input],
          }),
        );
      } catch (err) {
        throw new HttpError(503, ErrorCode.serviceUnavailable, `maintenance did not finish: ${(err as Error).message}`, { failing: ['temporal'] });
      }
    };

    app.post(
      '/api/maintenance',
      {
        schema: {
          summary: 'Run maintenance now (backup, worktrees, logs, cache), as the hourly schedule does',
          tags: ['maintenance'],
          body: MaintenanceBody,
          response: { 200: MaintenanceReportView, 503: ErrorBody },
        },
        preValidation: async (request) => {
          request.body ??= {};
        },
      },
      async (request) => run(request.body),
    );

    app.get(
      '/api/worktrees',
      {
        schema: {
          summary: 'The task worktrees Ringmaster holds: of unfinished tasks, and kept ones with unmerged work',
          tags: ['maintenance'],
          querystring: WorktreeQuery,
          response: { 200: Type.Object({ items: Type.Array(WorktreeView) }) },
        },
      },
      async (request) => {
        const projectId = request.query.project === undefined ? undefined : deps.projects.find(request.query.project)?.id;
        if (request.query.project !== undefined && !projectId) return { items: [] };
        const held = deps.tasks
          .list({ ...(projectId ? { projectId } : {}) }, { limit: 10_000 })
          .items.filter((task) => task.worktreePath && task.hostId && (!isFinalStatus(task.status) || task.worktreeKept));
        return {
          items: held.map((task) => ({
            taskId: task.id,
            title: task.title,
            projectName: task.projectName,
            hostId: task.hostId!,
            worktreePath: task.worktreePath!,
            branch: task.branch,
            status: task.status,
            kept: task.worktreeKept,
            pinned: task.pinned,
            cleanupError: task.cleanupError,
            removableAfter: task.worktreeKept && !task.pinned && task.finishedAt ? new Date(Date.parse(task.finishedAt) + deps.maintenance.keepWorktreesDays * DAY_MS).toISOString() : null,
          })),
        };
      },
    );

    app.post(
      '/api/worktrees/prune',
      {
        schema: {
          summary: 'Clean up now the worktrees maintenance would: failed cleanups, kept ones past the retention',
          tags: ['maintenance'],
          body: PruneBody,
          response: { 200: MaintenanceReportView, 503: ErrorBody },
        },
        preValidation: async (request) => {
          request.body ??= {};
        },
      },
      async (request) => run({ only: 'worktrees', ...(request.body.dryRun ? { dryRun: true } : {}) }),
    );
  };
