import net from 'node:net';

/**
 * Ports no browser connects to: the Fetch standard's "bad ports" (fetch.spec.whatwg.org, "port
 * blocking"), which Chromium, Firefox, Safari and Node's own fetch refuse. A loopback server on one
 * of them cannot be reached by any web page, DNS rebinding or not. Only the ones above 1023 (no
 * root needed) are listed.
 */
export const BROWSER_BLOCKED_PORTS: readonly number[] = [1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080];

/** Thrown when too few browser-blocked ports are free on this machine. */
export class NoBlockedPortError extends Error {
  override readonly name = 'NoBlockedPortError';
}

function isFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * Picks `count` browser-blocked ports that are free on `host` now, in a random order (two
 * Ringmasters starting together rarely pick the same). Throws NoBlockedPortError when too few are.
 */
export async function pickBlockedPorts(count: number, host = '127.0.0.1', random: () => number = Math.random): Promise<number[]> {
  const shuffled = [...BROWSER_BLOCKED_PORTS]
    .map((port) => ({ port, key: random() }))
    .sort((a, b) => a.key - b.key)
    .map(({ port }) => port);
  const picked: number[] = [];
  for (const port of shuffled) {
    if (picked.length === count) break;
    if (await isFree(port, host)) picked.push(port);
  }
  if (picked.length < count) {
    throw new NoBlockedPortError(
      `only ${picked.length} of the ${BROWSER_BLOCKED_PORTS.length} ports browsers never connect to (${BROWSER_BLOCKED_PORTS.join(', ')}) are free; ${count} are needed for the embedded Temporal server's own HTTP ports`,
    );
  }
  return picked;
}
