import { RemoteUrlError } from './remote-errors.js';

/** How a remote is reached; `http` only for a server on this machine. */
export type RemoteScheme = 'file' | 'git' | 'ssh' | 'https' | 'http';

export interface RemoteUrl {
  /** The URL exactly as given (git is handed this, not a normalised copy). */
  url: string;
  scheme: RemoteScheme;
}

const EXPECTED = 'remote must be a file://, git://, ssh:// or https:// URL (or user@host:path)';
const CREDENTIALS = 'remote URL must not hold credentials (give them as a project secret)';
/** Plain http carries code (and any credential) in the clear, so only to this machine. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])$/;
/** scp-like `user@host:path`: git's rule is a colon before any slash and no `://`. */
const SCP_LIKE = /^([A-Za-z0-9._~+-]+)@([^/:@]+):(.+)$/;

/**
 * Returns `url` without its userinfo (`https://user:token@host/x` → `https://host/x`,
 * `git@host:x` → `host:x`), for logs and error messages. Never throws.
 */
export function redactRemoteUrl(url: string): string {
  const start = url.includes('://') ? url.indexOf('://') + 3 : 0;
  const rest = url.slice(start);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  const at = authority.lastIndexOf('@');
  return at === -1 ? url : url.slice(0, start) + rest.slice(at + 1);
}

function fail(raw: string, why: string): never {
  const shown = redactRemoteUrl(raw);
  throw new RemoteUrlError(shown, `${why}, got ${JSON.stringify(shown)}`);
}

function checkHost(raw: string, host: string): void {
  if (!HOST.test(host)) fail(raw, `remote host ${JSON.stringify(host)} is not a host name or IP address`);
}

function parseScpLike(raw: string): RemoteUrl {
  const userinfo = raw.slice(0, Math.max(raw.lastIndexOf('@', raw.search(/[/]|$/)), 0));
  if (userinfo.includes(':')) fail(raw, CREDENTIALS);
  const match = SCP_LIKE.exec(raw);
  if (!match) fail(raw, EXPECTED);
  checkHost(raw, match[2] ?? '');
  return { url: raw, scheme: 'ssh' };
}

function parseSchemeUrl(raw: string, scheme: string): RemoteUrl {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    fail(raw, `${EXPECTED}; this one does not parse as a URL`);
  }
  if (parsed.password !== '' || (parsed.username !== '' && scheme !== 'ssh')) {
    fail(raw, CREDENTIALS);
  }
  if (parsed.username.startsWith('-')) fail(raw, 'remote user name must not start with "-"');
  if (parsed.search !== '' || parsed.hash !== '') fail(raw, 'remote URL must not have a ?query or #fragment');
  if (scheme === 'file') {
    if (parsed.host !== '' || parsed.pathname.length < 2) fail(raw, 'a file:// remote must be file:///absolute/path');
    return { url: raw, scheme: 'file' };
  }
  checkHost(raw, parsed.hostname);
  if (scheme === 'http' && !LOOPBACK_HOSTS.has(parsed.hostname)) {
    fail(raw, 'plain http:// is only allowed to 127.0.0.1 or localhost; use https://');
  }
  if (scheme !== 'https' && scheme !== 'http' && parsed.pathname.length < 2) fail(raw, `a ${scheme}:// remote needs a repository path`);
  return { url: raw, scheme: scheme as RemoteScheme };
}

/**
 * Returns the remote URL and how it is reached when Ringmaster may fetch from and push to it:
 * `file:///abs/path`, `git://host[:port]/path`, `ssh://[user@]host[:port]/path`, `user@host:path`
 * (ssh), `https://…`, and `http://` to 127.0.0.1 or localhost only. Pure.
 * Throws `RemoteUrlError`, naming what is wrong, for anything else: other schemes and
 * `transport::address` forms (`ext::` runs a command), a leading `-` (read by git as an option),
 * spaces or control characters, and embedded credentials (those come from secrets).
 */
export function parseRemoteUrl(raw: string): RemoteUrl {
  if (raw === '') fail(raw, `${EXPECTED}; it is empty`);
  if (raw.startsWith('-')) fail(raw, 'remote URL must not start with "-"');
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f]/.test(raw)) fail(raw, 'remote URL must not contain spaces or control characters');
  if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(raw)) fail(raw, `${EXPECTED}; transport::address remotes (such as ext::) are refused`);
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(raw)?.[1]?.toLowerCase();
  if (scheme === undefined) return parseScpLike(raw);
  if (!['file', 'git', 'ssh', 'https', 'http'].includes(scheme)) fail(raw, EXPECTED);
  return parseSchemeUrl(raw, scheme);
}
