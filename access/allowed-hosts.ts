import os from 'node:os';

/** Where a server listens, and the public URL people may reach it through. */
export interface ServedAddress {
  host: string;
  port: number;
  publicUrl?: URL | undefined;
}

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', '']);

function hostForm(name: string): string {
  const lower = name.toLowerCase();
  return lower.includes(':') && !lower.startsWith('[') ? `[${lower}]` : lower;
}

/** The `Host` header values a request may carry for each name: `name:port`, and `name` alone on port 80. */
function withPort(names: Iterable<string>, port: number): string[] {
  return [...names].flatMap((name) => (port === 80 ? [`${hostForm(name)}:${port}`, hostForm(name)] : [`${hostForm(name)}:${port}`]));
}

/**
 * Every `Host` a server at `address` answers to: its bind address, localhost, 127.0.0.1 and [::1]
 * with its port, the host of the public URL, and, bound to a wildcard, this machine's own
 * addresses and name. Anything else is another site's name pointing at us (DNS rebinding).
 */
export function allowedHosts(address: ServedAddress, interfaces = os.networkInterfaces(), hostname = os.hostname()): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '::1']);
  if (WILDCARDS.has(address.host)) {
    for (const list of Object.values(interfaces)) for (const item of list ?? []) names.add(item.address);
    names.add(hostname);
  } else {
    names.add(address.host.replace(/^\[|\]$/g, ''));
  }
  const hosts = new Set(withPort(names, address.port));
  if (address.publicUrl) hosts.add(address.publicUrl.host.toLowerCase());
  return hosts;
}

/** The origins a browser page of ours can have: http:// of every allowed host, and the public URL's origin. */
export function allowedOrigins(address: ServedAddress, hosts: Set<string>): Set<string> {
  const origins = new Set([...hosts].map((host) => `http://${host}`));
  if (address.publicUrl) origins.add(address.publicUrl.origin.toLowerCase());
  return origins;
}
