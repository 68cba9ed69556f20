import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { workflowTracingModules } from '../telemetry/temporal-tracing.js';

/** The workflows entry next to this module: `.js` in dist, `.ts` in the sources. */
export function workflowsEntry(): string {
  for (const ext of ['js', 'ts']) {
    const entry = fileURLToPath(new URL(`../workflows/index.${ext}`, import.meta.url));
    if (fs.existsSync(entry)) return entry;
  }
  throw new Error('workflows/index not found next to the worker module; run `npm run build`');
}

/** Where `npm run build` writes the pre-built bundle: `dist/workflow-bundle.js`. */
export function builtBundlePath(): string {
  return fileURLToPath(new URL('../workflow-bundle.js', import.meta.url));
}

/**
 * Bundles the workflow code with webpack (what the worker would otherwise do at every start), with
 * the OpenTelemetry workflow interceptors, and writes it to `outFile`; returns its size in bytes.
 */
export async function writeWorkflowBundle(outFile: string, workflowsPath = workflowsEntry()): Promise<number> {
  const { code } = await bundleWorkflowCode({ workflowsPath, workflowInterceptorModules: workflowTracingModules(), logger: new DefaultLogger('WARN') });
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const tmp = `${outFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, code);
  fs.renameSync(tmp, outFile);
  return Buffer.byteLength(code);
}

// `node dist/worker/workflow-bundle.js` is the last step of `npm run build`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = builtBundlePath();
  const bytes = await writeWorkflowBundle(out);
  console.log(`workflow bundle: ${path.relative(process.cwd(), out)} (${(bytes / 1024 / 1024).toFixed(2)} MB)`);
}
