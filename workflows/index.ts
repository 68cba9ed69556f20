// The workflow bundle's entry point: every workflow type the worker registers.
export { hotReloadWorkflow } from './hot-reload-workflow.js';
export { integrationWorkflow } from './integration-workflow.js';
export { maintenanceWorkflow } from './maintenance-workflow.js';
export { notificationWorkflow } from './notification-workflow.js';
export { pingWorkflow } from './ping-workflow.js';
export { projectSlotsWorkflow } from './project-slots-workflow.js';
export { taskWorkflow } from './task-workflow.js';
