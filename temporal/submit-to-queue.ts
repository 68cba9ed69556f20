import { context, propagation } from '@opentelemetry/api';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import { integrationWorkflowId, type QueueItem, type SubmitResult, type TraceCarrier } from '../model/merge-queue.js';
import { IntegrationMessage, WorkflowType } from '../model/workflow-types.js';

/**
 * Puts an item in a project's merge queue with update-with-start: the queue workflow
 * `integrate-<projectId>` is started when it is not running. Returns the item's position. The item
 * carries the caller's trace (when tracing is on), so its merge and release join that trace.
 */
export async function submitToQueue(client: Client, taskQueue: string, projectId: string, item: QueueItem): Promise<SubmitResult> {
  const trace: TraceCarrier = {};
  propagation.inject(context.active(), trace);
  if (Object.keys(trace).length > 0) item = { ...item, trace };
  const start = new WithStartWorkflowOperation(WorkflowType.integration, {
    workflowId: integrationWorkflowId(projectId),
    taskQueue,
    args: [{ projectId }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  return client.workflow.executeUpdateWithStart<Workflow, SubmitResult, [QueueItem]>(IntegrationMessage.submit, { args: [item], startWorkflowOperation: start });
}
