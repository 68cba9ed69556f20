import fs from 'node:fs';
import { workflowTracingModules } from '../telemetry/temporal-tracing.js';
import { builtBundlePath, workflowsEntry } from './workflow-bundle.js';

/** Where the worker gets its workflow code: a pre-built bundle, or the workflows entry to bundle. */
export type WorkflowSource = { workflowBundle: { codePath: string } } | { workflowsPath: string; workflowInterceptorModules: string[] };

/**
 * Returns the bundle `npm run build` wrote next to this code, or the workflows entry for the
 * worker to bundle at start. Never a bundle named in the environment: a worker started from a
 * release must run that release's workflow code, whatever its parent's environment holds.
 */
export function defaultWorkflowSource(): WorkflowSource {
  const built = builtBundlePath();
  if (fs.existsSync(built)) return { workflowBundle: { codePath: built } };
  return { workflowsPath: workflowsEntry(), workflowInterceptorModules: workflowTracingModules() };
}
