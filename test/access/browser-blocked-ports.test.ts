import { describe, expect, it } from '@jest/globals';
import net from 'node:net';
import { BROWSER_BLOCKED_PORTS, pickBlockedPorts } from '../../access/browser-blocked-ports.js';

describe('browser-blocked ports', () => {
  it('are refused by a Fetch-standard client (Node’s fetch, like every browser)', async () => {
    for (const port of BROWSER_BLOCKED_PORTS) {
      await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({ cause: { message: 'bad port' } });
    }
  });

  it('are picked free and distinct, skipping one that is taken', async () => {
    const taken = net.createServer();
    const first = BROWSER_BLOCKED_PORTS[0]!;
    const busy = await new Promise<boolean>((resolve) => {
      taken.once('error', () => resolve(false));
      taken.listen(first, '127.0.0.1', () => resolve(true));
    });
    try {
      // random() = 0 keeps the list order, so the taken one would come first.
      const picked = await pickBlockedPorts(3, '127.0.0.1', () => 0);
      expect(new Set(picked).size).toBe(3);
      if (busy) expect(picked).not.toContain(first);
      for (const port of picked) expect(BROWSER_BLOCKED_PORTS).toContain(port);
    } finally {
      taken.close();
    }
  });
});
