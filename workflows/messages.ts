import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { MergeVerdict, QueueItem, SubmitResult } from '../model/merge-queue.js';
import type { DecisionAnswer, TaskState } from '../model/task.js';
import { IntegrationMessage, TaskMessage } from '../model/workflow-types.js';

/** Update of taskWorkflow: a person answers the agent's question. */
export const answerDecision = defineUpdate<void, [DecisionAnswer]>(TaskMessage.answerDecision);
/** Query of taskWorkflow: status, step, iteration, open question. */
export const taskState = defineQuery<TaskState>(TaskMessage.state);
/** Signal from the merge queue to taskWorkflow: what became of the branch at `headCommit`. */
export const mergeVerdict = defineSignal<[MergeVerdict & { headCommit: string }]>(TaskMessage.mergeVerdict);

/** Update of integrationWorkflow: enqueue a branch or a release. */
export const submit = defineUpdate<SubmitResult, [QueueItem]>(IntegrationMessage.submit);
/** Query of integrationWorkflow: what is processed and what waits. */
export const queueState = defineQuery<{ current: QueueItem | null; waiting: QueueItem[]; processed: number }>(IntegrationMessage.queue);
