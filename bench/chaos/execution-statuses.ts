import { Client, Connection } from '@temporalio/client';

/**
 * Reads the execution status (COMPLETED, FAILED, CANCELLED, RUNNING …) of each workflow from the
 * Temporal server at `address`, waiting up to `settleMs` for the running ones marked `ended` to
 * close (a task's workflow returns a moment after it recorded its final status). A workflow
 * Temporal cannot describe maps to undefined. Throws when the server cannot be reached.
 */
export async function readExecutionStatuses(address: string, workflows: { id: string; ended: boolean }[], settleMs = 30_000): Promise<Map<string, string | undefined>> {
  const connection = await Connection.connect({ address, connectTimeout: 10_000 });
  try {
    const client = new Client({ connection });
    const statuses = new Map<string, string | undefined>();
    const deadline = Date.now() + settleMs;
    for (;;) {
      for (const { id } of workflows) {
        if (statuses.has(id) && statuses.get(id) !== 'RUNNING') continue;
        try {
          statuses.set(id, (await client.workflow.getHandle(id).describe()).status.name);
        } catch {
          statuses.set(id, undefined);
        }
      }
      if (!workflows.some((w) => w.ended && statuses.get(w.id) === 'RUNNING') || Date.now() > deadline) return statuses;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await connection.close();
  }
}
