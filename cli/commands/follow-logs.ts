import type { ApiClient } from '../../host-link/api-client.js';

/**
 * Prints a task's log lines as the API streams them (server-sent events) until the task ends;
 * resolves with the task's final status.
 */
export async function followTaskLogs(client: ApiClient, id: string, print: (line: string) => void): Promise<string> {
  const res = await client.stream(`/api/tasks/${encodeURIComponent(id)}/logs?follow=true`);
  const decoder = new TextDecoder();
  let buffer = '';
  let status = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.*)$/m.exec(event)?.[1];
      const data = event
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice('data: '.length))
        .join('\n');
      if (name === 'end') status = data;
      else print(data);
    }
  }
  return status;
}
