/** Workflow type names: they cross the Temporal boundary (CLI, Web UI), so they never change. */
export const WorkflowType = {
  ping: 'pingWorkflow',
  task: 'taskWorkflow',
  integration: 'integrationWorkflow',
  hotReload: 'hotReloadWorkflow',
  projectSlots: 'projectSlotsWorkflow',
  maintenance: 'maintenanceWorkflow',
  notification: 'notificationWorkflow',
} as const;
export type WorkflowType = (typeof WorkflowType)[keyof typeof WorkflowType];

/** Names of the messages `taskWorkflow` handles. */
export const TaskMessage = {
  /** Update: a person answers the agent's question; rejected unless the task is waiting for one. */
  answerDecision: 'answerDecision',
  /** Update: a person reviews a task waiting in needs_review (retry, accept, abandon); rejected otherwise. */
  reviewTask: 'reviewTask',
  /** Query: the task's current status, step and iteration. */
  state: 'state',
  /** Signal: the task's project changed its monthly budget (a task waiting for it looks again). */
  budgetChanged: 'budgetChanged',
  /** Signal from the merge queue: what became of the task's branch. */
  mergeVerdict: 'mergeVerdict',
  /** Signal from a task waiting on this one, with its priority (it is inherited while it waits). */
  dependentWaiting: 'dependentWaiting',
  /** Signal: a task that waited on this one no longer does (it ended, or dropped the dependency). */
  dependentGone: 'dependentGone',
  /** Signal from a task this one waits on: it ended, and how. */
  dependencyFinished: 'dependencyFinished',
  /** Signal from the worker that gave the task an agent slot. */
  agentSlotGranted: 'agentSlotGranted',
  /** Update: a person changes the task's priority. */
  setPriority: 'setPriority',
  /** Update: a person lets the task go on without one of its dependencies. */
  dropDependency: 'dropDependency',
  /** Update: a blocked task waits for more tasks (already recorded in the projection). */
  addDependencies: 'addDependencies',
} as const;

/** Names of the messages `projectSlotsWorkflow` handles, and the grant it sends to tasks. */
export const ProjectSlotsMessage = {
  /** Signal (with start): a task asks for a slot of its project, or asks again at a new priority. */
  request: 'requestProjectSlot',
  /** Signal: a task gives its slot back, or stops waiting for one. */
  release: 'releaseProjectSlot',
  /** Signal to a task: it holds one of its project's slots. */
  granted: 'projectSlotGranted',
  /** Query: who holds a slot and who waits, in order. */
  state: 'projectSlots',
} as const;

/** Names of the messages `integrationWorkflow` handles. */
export const IntegrationMessage = {
  /** Update (with start): enqueue a task's branch or a release; returns its position. */
  submit: 'submit',
  /** Query: the candidates waiting and the one being processed. */
  queue: 'queue',
} as const;

/** Input of `pingWorkflow`: an end-to-end round trip through a worker and one activity. */
export interface PingInput {
  message: string;
}

/** What the worker that ran the ping activity says about itself. */
export interface PingResult {
  message: string;
  worker: { version: string; hostname: string; pid: number };
}
