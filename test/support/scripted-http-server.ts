import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A scripted model server listening on 127.0.0.1. */
export interface ListeningServer {
  /** e.g. `http://127.0.0.1:40123`. */
  url: string;
  close(): Promise<void>;
}

/** An HTTP error a scripted model answers instead of a reply: a model error, a bad key, a rate limit. */
export interface ScriptedHttpError {
  status: number;
  /** The JSON body, in the shape of the API the server speaks. */
  body: unknown;
  headers?: Record<string, string>;
}

/** Sends `body` as JSON with `status` and any extra headers. */
export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Returns the parsed JSON body, or the raw text when it is not JSON. */
export function parseBody(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * Listens on a free port of 127.0.0.1 and hands each request with its whole body to `handle`;
 * an exception in `handle` answers `onError(error)` (400 by default: a 5xx would be retried by
 * the CLI, a bug in the test must fail the run at once). Rejects if the server cannot listen.
 */
export async function listenScripted(
  handle: (req: http.IncomingMessage, raw: string, res: http.ServerResponse) => void,
  onError: (res: http.ServerResponse, error: Error) => void = (res, error) => sendJson(res, 400, { error: { message: `scripted server: ${error.message}` } }),
): Promise<ListeningServer> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        handle(req, Buffer.concat(chunks).toString('utf8'), res);
      } catch (error) {
        onError(res, error as Error);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // CLIs keep connections alive; drop them so close() does not wait for their timeout.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
