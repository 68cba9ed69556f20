import { describe, expect, it } from '@jest/globals';
import net from 'node:net';
import { assertPortFree, PortInUseError } from '../../supervisor/ports.js';
import { freePort } from '../support/free-port.js';

describe('assertPortFree', () => {
  it('resolves for a free port and leaves it free', async () => {
    const port = await freePort();
    await assertPortFree('127.0.0.1', port, '--port');
    await assertPortFree('127.0.0.1', port, '--port');
  });

  it('names the port and the setting when the port is taken', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      const error = await assertPortFree('127.0.0.1', port, '--port / RINGMASTER_PORT').catch((err: unknown) => err);
      expect(error).toBeInstanceOf(PortInUseError);
      expect((error as Error).message).toBe(`port ${port} on 127.0.0.1 is already in use (--port / RINGMASTER_PORT); stop what uses it or choose another port with --port / RINGMASTER_PORT`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
