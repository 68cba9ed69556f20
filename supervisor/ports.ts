import net from 'node:net';

/** Thrown when a port Ringmaster must bind is taken by another process. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(
    readonly host: string,
    readonly port: number,
    readonly setting: string,
  ) {
    super(`port ${port} on ${host} is already in use (${setting}); stop what uses it or choose another port with ${setting}`);
  }
}

/** Resolves when `host:port` can be bound right now; rejects with PortInUseError when taken. */
export async function assertPortFree(host: string, port: number, setting: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(host, port, setting) : err);
    });
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve()));
  });
}
