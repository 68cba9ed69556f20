import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeWorkflowBundle } from '../../worker/workflow-bundle.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** A textual change to one copied source file: `find` must occur exactly once. */
export interface SourcePatch {
  file: string;
  find: string;
  replace: string;
}

/** A workflow bundle built from patched copies of the workflow sources, and the copy's folder. */
export interface WorkflowVariant {
  bundlePath: string;
  dir: string;
  remove(): void;
}

/**
 * Copies `workflows/` and `model/` into a fresh folder under the repository's git-ignored `.cache/`
 * (so `@temporalio/*` still resolve from its node_modules and relative imports keep working;
 * activity imports are type-only and vanish in swc), applies the patches and bundles the copy.
 * Throws when a patch does not match exactly once, so a changed workflow cannot silently void a test.
 */
export async function buildWorkflowVariant(label: string, patches: readonly SourcePatch[]): Promise<WorkflowVariant> {
  const parent = path.join(root, '.cache', 'workflow-variants');
  fs.mkdirSync(parent, { recursive: true });
  const dir = fs.mkdtempSync(path.join(parent, `${label}-`));
  for (const folder of ['workflows', 'model']) fs.cpSync(path.join(root, folder), path.join(dir, folder), { recursive: true });
  for (const patch of patches) {
    const file = path.join(dir, patch.file);
    const text = fs.readFileSync(file, 'utf8');
    const count = text.split(patch.find).length - 1;
    if (count !== 1) throw new Error(`patch for ${patch.file}: expected "${patch.find}" once, found it ${count} time(s)`);
    fs.writeFileSync(
      file,
      text.replace(patch.find, () => patch.replace),
    );
  }
  const bundlePath = path.join(dir, 'workflow-bundle.js');
  await writeWorkflowBundle(bundlePath, path.join(dir, 'workflows', 'index.ts'));
  return { bundlePath, dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
