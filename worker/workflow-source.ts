import fs from 'node:fs';
import { builtBundlePath, workflowsEntry } from './workflow-bundle.js';

/** Where the worker gets its workflow code: a pre-built bundle, or the workflows entry to bundle. */
export type WorkflowSource = { workflowBundle: { codePath: string } } | { workflowsPath: string };

/**
 * Returns, in order: the bundle named by RINGMASTER_WORKFLOW_BUNDLE (tests bundle once per run),
 * the bundle `npm run build` wrote, or the workflows entry for the worker to bundle at start.
 */
export function defaultWorkflowSource(env: Readonly<Record<string, string | undefined>> = process.env): WorkflowSource {
  if (env.RINGMASTER_WORKFLOW_BUNDLE) return { workflowBundle: { codePath: env.RINGMASTER_WORKFLOW_BUNDLE } };
  const built = builtBundlePath();
  if (fs.existsSync(built)) return { workflowBundle: { codePath: built } };
  return { workflowsPath: workflowsEntry() };
}
