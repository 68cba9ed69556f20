import net from 'node:net';

/** Thrown when the API cannot bind its address (port taken, address not local). */
export class ListenError extends Error {
  override readonly name = 'ListenError';
}

/**
 * Returns the ListenError that explains a failed bind of `host:port` (port taken, address not on
 * this machine), or undefined when `err` is some other failure the caller should rethrow.
 */
export function listenErrorFor(err: unknown, host: string, port: number): ListenError | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return new ListenError(`port ${port} on ${host} is already in use; choose another with --port or RINGMASTER_PORT`);
  }
  if (code === 'EADDRNOTAVAIL') {
    return new ListenError(`address ${host} is not on this machine; set --host or RINGMASTER_HOST to a local address`);
  }
  return undefined;
}

/**
 * Resolves when `host:port` can be bound right now. The cluster primary calls it before it forks
 * a worker, so a taken port is one clear error and exit 1, not a worker crash loop.
 * Rejects with ListenError (port taken, address not local) or the bind's own error.
 */
export async function assertApiAddressFree(host: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err) => reject(listenErrorFor(err, host, port) ?? err));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve()));
  });
}
