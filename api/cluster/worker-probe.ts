import http from 'node:http';

/** Request header of the primary's readiness probe, carrying the probe token. */
export const PROBE_HEADER = 'x-ringmaster-probe';
/** Response header naming the pid of the worker that answered a probe. */
export const WORKER_PID_HEADER = 'x-ringmaster-worker-pid';
/** How the primary hands its workers the probe token (a contract between releases). */
export const PROBE_TOKEN_ENV = 'RINGMASTER_API_PROBE_TOKEN';

/**
 * Makes `servers` name this process in their answer to a probe that carries `token`. Connections
 * reach whichever worker the cluster picks, so this header is how the primary knows that the NEW
 * worker answered; the token keeps the pid from anyone else.
 */
export function answerProbes(servers: http.Server[], token: string): void {
  const tag = (request: http.IncomingMessage, response: http.ServerResponse) => {
    if (request.headers[PROBE_HEADER] === token) response.setHeader(WORKER_PID_HEADER, String(process.pid));
  };
  for (const server of servers) server.prependListener('request', tag);
}

/** The address to connect to for an API bound on `host`: a wildcard bind is reached over loopback. */
export function probeHostFor(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '::1';
  return host;
}

export interface ProbeTarget {
  host: string;
  port: number;
  /** The token the workers were given in RINGMASTER_API_PROBE_TOKEN. */
  token: string;
  timeoutMs: number;
}

/**
 * Sends one `GET /health` on a fresh connection that is closed after the answer (so the probe never
 * holds a keep-alive socket on a worker that is about to drain). Resolves with the pid of the worker
 * that answered, whatever the status code (401 and 503 answer too), or undefined when nothing
 * answered in time or the answer carries no pid.
 */
export async function probeWorker(target: ProbeTarget): Promise<number | undefined> {
  return new Promise((resolve) => {
    const request = http.get(
      {
        host: probeHostFor(target.host),
        port: target.port,
        path: '/health',
        agent: false,
        headers: { connection: 'close', [PROBE_HEADER]: target.token },
        timeout: target.timeoutMs,
      },
      (response) => {
        response.resume();
        const pid = Number(response.headers[WORKER_PID_HEADER]);
        resolve(Number.isInteger(pid) && pid > 0 ? pid : undefined);
      },
    );
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(undefined));
  });
}
