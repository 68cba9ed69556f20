/** Workflow type names: they cross the Temporal boundary (CLI, Web UI), so they never change. */
export const WorkflowType = {
  ping: 'pingWorkflow',
  task: 'taskWorkflow',
  integration: 'integrationWorkflow',
  hotReload: 'hotReloadWorkflow',
} as const;
export type WorkflowType = (typeof WorkflowType)[keyof typeof WorkflowType];

/** Names of the messages `taskWorkflow` handles. */
export const TaskMessage = {
  /** Update: a person answers the agent's question; rejected unless the task is waiting for one. */
  answerDecision: 'answerDecision',
  /** Query: the task's current status, step and iteration. */
  state: 'state',
  /** Signal from the merge queue: what became of the task's branch. */
  mergeVerdict: 'mergeVerdict',
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
