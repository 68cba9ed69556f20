import { afterEach, describe, expect, it } from '@jest/globals';
import net from 'node:net';
import { assertApiAddressFree, ListenError, listenErrorFor } from '../../../api/cluster/listen-check.js';
import { freePort } from '../../support/free-port.js';

let blocker: net.Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
  blocker = undefined;
});

describe('assertApiAddressFree', () => {
  it('resolves for a free port and names a taken one', async () => {
    await expect(assertApiAddressFree('127.0.0.1', await freePort())).resolves.toBeUndefined();
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    const refused = assertApiAddressFree('127.0.0.1', port);
    await expect(refused).rejects.toThrow(ListenError);
    await expect(refused).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use; choose another with --port or RINGMASTER_PORT`);
  });

  it('names an address that is not on this machine', async () => {
    // TEST-NET-1 (RFC 5737) is never assigned to a local interface.
    await expect(assertApiAddressFree('192.0.2.1', await freePort())).rejects.toThrow('address 192.0.2.1 is not on this machine; set --host or RINGMASTER_HOST to a local address');
  });
});

describe('listenErrorFor', () => {
  it('leaves other errors to the caller', () => {
    expect(listenErrorFor(Object.assign(new Error('denied'), { code: 'EACCES' }), '127.0.0.1', 80)).toBeUndefined();
    expect(listenErrorFor(undefined, '127.0.0.1', 80)).toBeUndefined();
  });
});
