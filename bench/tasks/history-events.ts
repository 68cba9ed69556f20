import { Client, Connection } from '@temporalio/client';

/** History events of every workflow in the namespace, by workflow type (from each one's description: the list's count lags for running ones). */
export async function historyEventsByType(temporalAddress: string, namespace = 'default'): Promise<Record<string, { workflows: number; events: number }>> {
  const connection = await Connection.connect({ address: temporalAddress });
  try {
    const byType: Record<string, { workflows: number; events: number }> = {};
    const client = new Client({ connection, namespace });
    for await (const info of client.workflow.list()) {
      const described = await client.workflow.getHandle(info.workflowId, info.runId).describe();
      const entry = (byType[info.type] ??= { workflows: 0, events: 0 });
      entry.workflows += 1;
      entry.events += described.historyLength;
    }
    return byType;
  } finally {
    await connection.close();
  }
}
