// The workflow bundle's entry point: every workflow type the worker registers.
export { pingWorkflow } from './ping-workflow.js';
export { taskWorkflow } from './task-workflow.js';
