/**
 * What a program Ringmaster starts (an agent CLI, a project's setup, test, build or reload command)
 * inherits from the worker: an allowlist, not the worker's whole environment. The worker may hold
 * an SSH agent socket, cloud credentials, Temporal API keys or the Ringmaster token; a program
 * that a prompt can steer must not get them. Names ending in `*` are prefixes.
 */
const BASE = [
  // Where things are and how to talk to a person.
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'TMPDIR',
  'TMP',
  'TEMP',
  'TZ',
  'LANG',
  'LANGUAGE',
  'LC_*',
  'TERM',
  'COLORTERM',
  'NO_COLOR',
  'CI',
  'XDG_CONFIG_HOME',
  'XDG_CACHE_HOME',
  'XDG_DATA_HOME',
  'XDG_STATE_HOME',
  // Reaching the network through the machine's proxy and trusted certificates.
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'NODE_EXTRA_CA_CERTS',
  'REQUESTS_CA_BUNDLE',
  'CURL_CA_BUNDLE',
  'GIT_SSL_CAINFO',
  'PIP_CERT',
  // Toolchains a project's commands look for.
  'JAVA_HOME',
  'GOPATH',
  'GOROOT',
  'GOPROXY',
  'GOCACHE',
  'GOMODCACHE',
  'CARGO_HOME',
  'RUSTUP_HOME',
  'PYENV_ROOT',
  'VIRTUAL_ENV',
  'NVM_DIR',
  'PNPM_HOME',
  // Ringmaster's tool locations only save a child from installing the Temporal CLI again.
  'RINGMASTER_TEMPORAL_BIN',
  'RINGMASTER_TOOLS_DIR',
] as const;

/** The variable naming more worker variables to pass on, comma-separated (`NAME` or `PREFIX_*`). */
export const EXTRA_CHILD_ENV = 'RINGMASTER_CHILD_ENV';

/** Parses a comma-separated pass list (`JAVA_OPTS,MY_*`); blanks are skipped. */
export function parsePassList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function matcher(patterns: readonly string[]): (name: string) => boolean {
  const exact = new Set(patterns.filter((p) => !p.endsWith('*')));
  const prefixes = patterns.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1));
  return (name) => exact.has(name) || prefixes.some((prefix) => name.startsWith(prefix));
}

/**
 * Returns the environment a child process of Ringmaster starts from: the worker's variables on
 * the allowlist, those named in RINGMASTER_CHILD_ENV, and those in `pass` (an agent CLI's own
 * configuration and credentials, e.g. `ANTHROPIC_*`). Ringmaster's own settings never pass.
 */
export function childBaseEnv(env: NodeJS.ProcessEnv = process.env, pass: readonly string[] = []): NodeJS.ProcessEnv {
  const allowed = matcher([...BASE, ...parsePassList(env[EXTRA_CHILD_ENV]), ...pass]);
  const own = (name: string) => (name.startsWith('RINGMASTER_') || name.startsWith('TEMPORAL_')) && !BASE.includes(name as (typeof BASE)[number]);
  return Object.fromEntries(Object.entries(env).filter(([name]) => allowed(name) && !own(name)));
}
