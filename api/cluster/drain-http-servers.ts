import type http from 'node:http';
import net from 'node:net';

/** How a server stops serving. */
export interface DrainOptions {
  /** After this long, connections still open are closed, in-flight requests included. */
  deadlineMs: number;
  /**
   * Also close idle keep-alive connections at once. Right on shutdown (nothing serves after us);
   * wrong during a reload, where a client may be sending its next request on that socket.
   */
  closeIdle: boolean;
}

/** What a finished drain looked like. */
export interface DrainOutcome {
  durationMs: number;
  /** True when connections were still open at the deadline and were closed by force. */
  forced: boolean;
}

/** Lets a set of listening http servers drain; see createDrainControl. */
export interface DrainControl {
  readonly draining: boolean;
  /**
   * Starts draining (once; later calls return the same promise, and one with `closeIdle` still
   * closes the idle connections). Resolves when no connection is left open. Never rejects.
   */
  drain(options: DrainOptions): Promise<DrainOutcome>;
}

/**
 * Prepares `servers` (already created, listening or not) for a drain that fails no client:
 * draining stops accepting connections but leaves the open ones alone, answers every further
 * request with `Connection: close` so keep-alive clients reconnect elsewhere, and resolves once the
 * last connection closed or the deadline passed.
 *
 * Why not `server.close()`: since Node 19 it also closes idle keep-alive sockets at once, racing a
 * client that is sending its next request on one (ECONNRESET). `net.Server.prototype.close` only
 * stops accepting; under node:cluster it takes this worker out of the primary's round robin while
 * the primary keeps the listening socket for the other workers.
 */
export function createDrainControl(servers: http.Server[]): DrainControl {
  let draining = false;
  let closingIdle = false;
  let drained: Promise<DrainOutcome> | undefined;
  // Responses under way, so that those begun before the drain also say `Connection: close`.
  const unfinished = new Set<http.ServerResponse>();
  const closeIdle = () => {
    for (const server of servers) server.closeIdleConnections();
  };
  const closeAfterResponse = (_request: http.IncomingMessage, response: http.ServerResponse) => {
    if (draining) {
      response.setHeader('connection', 'close');
      return;
    }
    unfinished.add(response);
    response.once('close', () => {
      unfinished.delete(response);
      // A response whose headers went out before the drain leaves its connection idle, and open.
      if (closingIdle) setImmediate(closeIdle);
    });
  };
  // Prepended so the header is set before the app's own handler can answer.
  for (const server of servers) server.prependListener('request', closeAfterResponse);

  async function run(options: DrainOptions): Promise<DrainOutcome> {
    const started = Date.now();
    let forced = false;
    const closed = servers.map((server) => new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve())));
    const deadline = setTimeout(() => {
      forced = true;
      for (const server of servers) server.closeAllConnections();
    }, options.deadlineMs);
    await Promise.all(closed);
    clearTimeout(deadline);
    return { durationMs: Date.now() - started, forced };
  }

  return {
    get draining() {
      return draining;
    },
    drain(options) {
      if (!draining) {
        draining = true;
        for (const response of unfinished) if (!response.headersSent) response.setHeader('connection', 'close');
      }
      drained ??= run(options);
      if (options.closeIdle) {
        closingIdle = true;
        closeIdle();
      }
      return drained;
    },
  };
}
