import { ApiClientError } from './api-client.js';
import type { ControlPlaneAddress } from './control-client.js';

/**
 * Sends `bytes`, which start at `offset` of a task's file `name`, to the control plane. Resolves
 * the size of the file there afterwards (also when it answered that it holds fewer bytes than
 * `offset`: the sender goes on from that size). Rejects when the control plane cannot be reached or refuses.
 */
export type SendTaskFile = (taskId: string, name: string, offset: number, bytes: Buffer) => Promise<{ size: number }>;

const sizeOf = (body: unknown): number | undefined => {
  const size = (body as { error?: { details?: { size?: unknown } } } | undefined)?.error?.details?.size;
  return typeof size === 'number' && Number.isInteger(size) && size >= 0 ? size : undefined;
};

/**
 * The HTTP sender of `PUT /api/hosts/:hostId/tasks/:taskId/files/:name` with the host's token;
 * each request gives up after `timeoutMs`. The returned function throws ApiClientError (no status
 * when unreachable or timed out; the status and error code when refused).
 */
export function createTaskFileSender(address: ControlPlaneAddress, hostId: string, options: { timeoutMs?: number } = {}): SendTaskFile {
  const baseUrl = address.url.replace(/\/+$/, '');
  return async (taskId, name, offset, bytes) => {
    const url = `${baseUrl}/api/hosts/${encodeURIComponent(hostId)}/tasks/${encodeURIComponent(taskId)}/files/${encodeURIComponent(name)}?offset=${offset}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${address.token}` },
        body: bytes,
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new ApiClientError(`cannot reach the control plane at ${baseUrl} (${cause?.code ?? cause?.message ?? (err as Error).message})`);
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (res.ok && typeof (body as { size?: unknown } | undefined)?.size === 'number') return { size: (body as { size: number }).size };
    // The control plane holds fewer bytes than `offset` (e.g. its data dir was restored): resend from there.
    const held = res.status === 409 ? sizeOf(body) : undefined;
    if (held !== undefined) return { size: held };
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiClientError(error?.message ?? `PUT ${url} answered ${res.status}: ${text.slice(0, 200)}`, res.status, error?.code);
  };
}
