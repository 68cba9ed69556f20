import { execa } from 'execa';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import type { CommitExtractor } from '../release/export-commit.js';
import type { ControlPlaneAddress } from './control-client.js';

/**
 * Thrown when the archive did not come through (the control plane unreachable, answering 5xx, or
 * the stream cut short): worth another attempt, unlike a refusal.
 */
export class ArchiveTransferError extends Error {
  override readonly name = 'ArchiveTransferError';
}

/** Where a host worker gets the files of a release whose repository is a checkout on the control plane's machine. */
export type ReleaseArchiveSource = (projectId: string, commit: string) => CommitExtractor;

/**
 * The archive route of the control plane (`GET /api/hosts/:hostId/projects/:projectId/commits/:commit/archive`)
 * with the host's token, unpacked with `tar -x` as it streams in. The extractor throws with the
 * control plane's message when it refuses (4xx), and ArchiveTransferError when the archive does
 * not come through.
 */
export function createReleaseArchiveSource(address: ControlPlaneAddress, hostId: string, options: { timeoutMs?: number } = {}): ReleaseArchiveSource {
  const baseUrl = address.url.replace(/\/+$/, '');
  return (projectId, commit) => async (staging) => {
    const url = `${baseUrl}/api/hosts/${encodeURIComponent(hostId)}/projects/${encodeURIComponent(projectId)}/commits/${commit}/archive`;
    let res: Response;
    try {
      res = await fetch(url, { headers: { authorization: `Bearer ${address.token}` }, signal: AbortSignal.timeout(options.timeoutMs ?? 10 * 60_000) });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new ArchiveTransferError(`cannot reach the control plane at ${baseUrl} (${cause?.code ?? cause?.message ?? (err as Error).message})`);
    }
    if (!res.ok || !res.body) {
      const text = await res.text();
      const message = (() => {
        try {
          return (JSON.parse(text) as { error?: { message?: string } }).error?.message;
        } catch {
          return undefined;
        }
      })();
      const refused = `the control plane answered ${res.status} for the archive: ${message ?? text.slice(0, 200)}`;
      throw res.status >= 500 ? new ArchiveTransferError(refused) : new Error(refused);
    }
    const tar = execa('tar', ['-x', '-f', '-', '-C', staging], { stdin: 'pipe' });
    try {
      await Promise.all([pipeline(Readable.fromWeb(res.body as ReadableStream<Uint8Array>), tar.stdin), tar]);
    } catch (err) {
      tar.kill();
      const detail = (err as { stderr?: string }).stderr?.trim() || (err as Error).message;
      throw new ArchiveTransferError(`the archive from the control plane did not come through: ${detail}`);
    }
  };
}
