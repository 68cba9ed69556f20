import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { MergeVerdict, QueueItem, SubmitResult } from '../model/merge-queue.js';
import type { Priority } from '../model/priority.js';
import type { AgentSlotGrant, DependencyOutcome, ProjectSlotRequest } from '../model/scheduling.js';
import type { ReviewDecision } from '../model/review.js';
import type { DecisionAnswer, TaskState } from '../model/task.js';
import { IntegrationMessage, ProjectSlotsMessage, TaskMessage } from '../model/workflow-types.js';

/** Update of taskWorkflow: a person answers the agent's question. */
export const answerDecision = defineUpdate<void, [DecisionAnswer]>(TaskMessage.answerDecision);
/** Update of taskWorkflow: a person reviews a task waiting in needs_review. */
export const reviewTask = defineUpdate<void, [ReviewDecision]>(TaskMessage.reviewTask);
/** Query of taskWorkflow: status, step, iteration, open question. */
export const taskState = defineQuery<TaskState>(TaskMessage.state);
/** Signal from the merge queue to taskWorkflow: what became of the branch at `headCommit`. */
export const budgetChanged = defineSignal<[]>(TaskMessage.budgetChanged);
export const mergeVerdict = defineSignal<[MergeVerdict & { headCommit: string }]>(TaskMessage.mergeVerdict);

/** Signal to a dependency: a task waits on it at this (effective) priority. */
export const dependentWaiting = defineSignal<[{ taskId: string; priority: Priority }]>(TaskMessage.dependentWaiting);
/** Signal to a dependency: this task no longer waits on it. */
export const dependentGone = defineSignal<[{ taskId: string }]>(TaskMessage.dependentGone);
/** Signal to a dependent: a task it waits on ended. */
export const dependencyFinished = defineSignal<[DependencyOutcome]>(TaskMessage.dependencyFinished);
/** Signal from a worker: the task holds one of its agent slots now. */
export const agentSlotGranted = defineSignal<[AgentSlotGrant]>(TaskMessage.agentSlotGranted);
/** Update: a new priority for the task; returns the effective priority it runs at. */
export const setPriority = defineUpdate<{ priority: Priority; effectivePriority: Priority }, [{ priority: Priority }]>(TaskMessage.setPriority);
/** Update: go on without this dependency (it failed, was cancelled, or is not needed). */
export const dropDependency = defineUpdate<void, [{ taskId: string }]>(TaskMessage.dropDependency);

/** Update: wait for these tasks too (allowed while the task is blocked). */
export const addDependencies = defineUpdate<void, [{ taskIds: string[] }]>(TaskMessage.addDependencies);

/** Signal (with start) to projectSlotsWorkflow: a task asks for a slot of its project. */
export const requestProjectSlot = defineSignal<[ProjectSlotRequest]>(ProjectSlotsMessage.request);
/** Signal to projectSlotsWorkflow: a task gives its slot back or stops waiting. */
export const releaseProjectSlot = defineSignal<[{ taskId: string }]>(ProjectSlotsMessage.release);
/** Signal to a task: it holds a slot of its project now. */
export const projectSlotGranted = defineSignal<[]>(ProjectSlotsMessage.granted);
/** Query of projectSlotsWorkflow. */
export const projectSlotsState = defineQuery<{ holders: string[]; waiting: string[]; limit: number }>(ProjectSlotsMessage.state);

/** Update of integrationWorkflow: enqueue a branch or a release. */
export const submit = defineUpdate<SubmitResult, [QueueItem]>(IntegrationMessage.submit);
/** Query of integrationWorkflow: what is processed and what waits. */
export const queueState = defineQuery<{ current: QueueItem | null; waiting: QueueItem[]; processed: number }>(IntegrationMessage.queue);
