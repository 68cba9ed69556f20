import os from 'node:os';
import path from 'node:path';
import type { PriceTable } from '../model/model-prices.js';
import type { NotifyHook } from '../model/notifications.js';
import { parseCapabilityList } from '../model/worker-capabilities.js';
import { ConfigError } from './config-error.js';

/** Shortest API token accepted from the environment (a generated one has 43 characters). */
export const MIN_API_TOKEN_LENGTH = 32;

/** Everything a Ringmaster process needs to know about where it lives and whom it talks to. */
export interface Settings {
  /** Data dir: SQLite database, Temporal database, worktrees, logs. */
  home: string;
  /** Address and port the REST API binds. */
  host: string;
  port: number;
  logLevel: LogLevel;
  temporal: TemporalSettings;
  /** How long a stopping worker lets running activities finish before cancelling them. */
  workerShutdownGraceMs: number;
  /**
   * The install's admin token from RINGMASTER_API_TOKEN; when unset, servers use (and generate)
   * `<home>/api-token`. Every request but a bare `GET /health` needs a token.
   */
  apiToken: string | undefined;
  /** Where people and programs reach the API from elsewhere (RINGMASTER_PUBLIC_URL); its host is accepted in `Host`. */
  publicUrl: URL | undefined;
  /**
   * Task queue of the workflows (`ringmaster`); the agents and host queues derive from it, so two
   * deployments can share one Temporal namespace.
   */
  taskQueue: string;
  /** How many agents a worker runs at once (its agent slots). */
  agentSlots: number;
  /** Capabilities a worker advertises besides the agent CLIs it finds: `gpu`, `languages=python`. */
  workerLabels: string[];
  /** What hourly maintenance keeps: kept worktrees' age, log and cache sizes. */
  maintenance: MaintenanceSettings;
  /** A task of a project with a remote whose host is not seen this long moves to another host (RINGMASTER_HOST_LOST_MINUTES). */
  hostLostMinutes: number;
  /** What each model costs, for the agents whose CLI reports no cost (RINGMASTER_PRICES_FILE adds entries). */
  prices: PriceTable;
  /** The install's webhooks (RINGMASTER_NOTIFY), told about every project's events. */
  notify: NotifyHook[];
  /** A worker's port for the Temporal SDK's own metrics (RINGMASTER_WORKER_METRICS_PORT); off when unset. */
  workerMetricsPort: number | undefined;
  /** A token that may read metrics only (RINGMASTER_METRICS_TOKEN): a worker's metrics port takes it, besides the install token. */
  metricsToken: string | undefined;
  /** OpenTelemetry traces, off unless OTEL_EXPORTER_OTLP_ENDPOINT (or _TRACES_ENDPOINT) is set. */
  tracing: TracingSettings | undefined;
}

/** Where spans go: the OTLP/HTTP traces URL (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as is, or OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces). */
export interface TracingSettings {
  tracesUrl: string;
  /** OTEL_SERVICE_NAME, when set: replaces the process's own name (ringmaster-api, ringmaster-worker). */
  serviceName?: string | undefined;
}

/** Settings without what only servers and workers read (the price table, the install's webhooks). */
export type ClientSettings = Omit<Settings, 'prices' | 'notify'>;

/** RINGMASTER_KEEP_WORKTREES_DAYS, RINGMASTER_LOG_MAX_MB, RINGMASTER_CACHE_MAX_MB. */
export interface MaintenanceSettings {
  /** A finished task's kept worktree and branch go after this many days, unless pinned. */
  keepWorktreesDays: number;
  /** A process log is rotated past this size (3 rotations kept); a finished task's log keeps its head and tail. */
  logMaxBytes: number;
  /** The prompt index cache is evicted down to this. */
  cacheMaxBytes: number;
}

const MB = 1024 * 1024;

/** Agent slots of a worker when neither RINGMASTER_AGENT_SLOTS nor --slots says otherwise. */
export const DEFAULT_AGENT_SLOTS = 2;
/** Most agent slots one worker may have. */
export const MAX_AGENT_SLOTS = 64;
/** How long a host may pick nothing up before its tasks move and releases stop waiting for it. */
export const DEFAULT_HOST_LOST_MINUTES = 10;

export interface TemporalSettings {
  /** True when Ringmaster starts its own dev server; false when `address` names an existing cluster. */
  embedded: boolean;
  /** gRPC `host:port` of the frontend. */
  address: string;
  namespace: string;
  /** Ports of the embedded dev server (ignored for an existing cluster). */
  port: number;
  uiPort: number;
  /** Where a person opens the Web UI, when known. */
  uiUrl: string | undefined;
  apiKey: string | undefined;
  tls: boolean;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Command-line flags that override the environment (undefined = not given). */
export interface SettingsFlags {
  home?: string | undefined;
  host?: string | undefined;
  port?: string | number | undefined;
  temporalAddress?: string | undefined;
  temporalPort?: string | number | undefined;
  temporalUiPort?: string | number | undefined;
  logLevel?: string | undefined;
  /** `ringmaster worker --slots` */
  slots?: string | number | undefined;
  /** `ringmaster worker --labels` */
  labels?: string | undefined;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** One setting's value and the name it came from, so errors name what the user typed. */
interface Raw {
  value: string | number | undefined;
  source: string;
}

function pick(flag: string | number | undefined, flagName: string, env: Env, envName: string): Raw {
  if (flag !== undefined && flag !== '') return { value: flag, source: flagName };
  const fromEnv = env[envName];
  return { value: fromEnv === '' ? undefined : fromEnv, source: envName };
}

function parsePort(raw: Raw, fallback: number): number {
  if (raw.value === undefined) return fallback;
  const text = String(raw.value).trim();
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    throw new ConfigError(raw.source, `must be a port number from 1 to 65535, got "${raw.value}"`);
  }
  return port;
}

function parseMs(raw: Raw, fallback: number): number {
  if (raw.value === undefined) return fallback;
  const ms = Number(raw.value);
  if (!Number.isInteger(ms) || ms < 0) {
    throw new ConfigError(raw.source, `must be a whole number of milliseconds, got "${raw.value}"`);
  }
  return ms;
}

function parseMinutes(raw: Raw, fallback: number): number {
  if (raw.value === undefined) return fallback;
  const minutes = Number(raw.value);
  if (!Number.isFinite(minutes) || minutes < 0.1) throw new ConfigError(raw.source, `must be a number of minutes, at least 0.1, got "${raw.value}"`);
  return minutes;
}

function parseBool(raw: Raw): boolean {
  if (raw.value === undefined) return false;
  const text = String(raw.value).toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  throw new ConfigError(raw.source, `must be true or false, got "${raw.value}"`);
}

function parseAddress(raw: Raw): string | undefined {
  if (raw.value === undefined) return undefined;
  const text = String(raw.value).trim();
  if (!/^[^\s:/]+:\d{1,5}$/.test(text)) {
    throw new ConfigError(raw.source, `must be host:port (e.g. 127.0.0.1:7233), got "${raw.value}"`);
  }
  return text;
}

function parseQueue(raw: Raw): string {
  if (raw.value === undefined) return 'ringmaster';
  const text = String(raw.value);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$/.test(text)) throw new ConfigError(raw.source, `must be letters, digits, . _ - (a task queue name), got "${text}"`);
  return text;
}

function parseSlots(raw: Raw): number {
  if (raw.value === undefined) return DEFAULT_AGENT_SLOTS;
  const text = String(raw.value).trim();
  const slots = Number(text);
  if (!/^\d+$/.test(text) || slots < 1 || slots > MAX_AGENT_SLOTS) {
    throw new ConfigError(raw.source, `must be a whole number of agent slots from 1 to ${MAX_AGENT_SLOTS}, got "${raw.value}"`);
  }
  return slots;
}

function parseLabels(raw: Raw): string[] {
  if (raw.value === undefined) return [];
  const parsed = parseCapabilityList(String(raw.value));
  if (!parsed.ok) throw new ConfigError(raw.source, `must be comma-separated labels like gpu,languages=python: ${parsed.error}`);
  return parsed.capabilities;
}

function parseToken(raw: Raw, unsetHint = 'unset it and Ringmaster generates one into $RINGMASTER_HOME/api-token'): string | undefined {
  if (raw.value === undefined) return undefined;
  const token = String(raw.value).trim();
  if (token.length < MIN_API_TOKEN_LENGTH) {
    throw new ConfigError(raw.source, `must be at least ${MIN_API_TOKEN_LENGTH} characters (got ${token.length}); ${unsetHint}`);
  }
  return token;
}

function parseHttpUrl(raw: Raw, example = 'https://ringmaster.example.com'): URL | undefined {
  if (raw.value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(String(raw.value));
  } catch {
    throw new ConfigError(raw.source, `must be a URL like ${example}, got "${raw.value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(raw.source, `must be an http or https URL, got "${raw.value}"`);
  return url;
}

function parseTracing(env: Env): TracingSettings | undefined {
  if (parseBool({ value: env.OTEL_SDK_DISABLED || undefined, source: 'OTEL_SDK_DISABLED' })) return undefined;
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || undefined;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;
  if (!traces && !base) return undefined;
  const example = 'http://127.0.0.1:4318';
  // The specification's rule: the signal's own variable is the whole URL; the base one gets /v1/traces.
  const tracesUrl = traces
    ? parseHttpUrl({ value: traces, source: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' }, `${example}/v1/traces`)!.href
    : `${parseHttpUrl({ value: base, source: 'OTEL_EXPORTER_OTLP_ENDPOINT' }, example)!.href.replace(/\/+$/, '')}/v1/traces`;
  return { tracesUrl, serviceName: env.OTEL_SERVICE_NAME || undefined };
}

function parseWhole(raw: Raw, fallback: number, min: number, what: string): number {
  if (raw.value === undefined) return fallback;
  const text = String(raw.value).trim();
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min) throw new ConfigError(raw.source, `must be a whole number of ${what}, at least ${min}, got "${raw.value}"`);
  return value;
}

function expandHome(dir: string, homedir: string): string {
  if (dir === '~') return homedir;
  if (dir.startsWith('~/')) return path.join(homedir, dir.slice(2));
  return path.resolve(dir);
}

/**
 * The settings a client command needs (no price table, no webhooks: they bring in the schema
 * library, a third of a command's start): from flags (first), the environment (second) and
 * defaults. Pure apart from reading the user's home directory. Throws ConfigError naming the flag
 * or variable at fault. Servers and workers use resolveSettings (config/server-settings.ts).
 */
export function resolveClientSettings(env: Env, flags: SettingsFlags = {}, homedir = os.homedir()): ClientSettings {
  const home = expandHome(String(pick(flags.home, '--home', env, 'RINGMASTER_HOME').value ?? '~/.ringmaster'), homedir);
  const host = String(pick(flags.host, '--host', env, 'RINGMASTER_HOST').value ?? '127.0.0.1');
  const port = parsePort(pick(flags.port, '--port', env, 'RINGMASTER_PORT'), 8080);

  const levelRaw = pick(flags.logLevel, '--log-level', env, 'RINGMASTER_LOG_LEVEL');
  const logLevel = String(levelRaw.value ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(levelRaw.source, `must be one of ${LOG_LEVELS.join(', ')}, got "${levelRaw.value}"`);
  }

  const temporalPort = parsePort(pick(flags.temporalPort, '--temporal-port', env, 'RINGMASTER_TEMPORAL_PORT'), 7233);
  const uiPort = parsePort(pick(flags.temporalUiPort, '--temporal-ui-port', env, 'RINGMASTER_TEMPORAL_UI_PORT'), 8233);
  const external = parseAddress(pick(flags.temporalAddress, '--temporal-address', env, 'TEMPORAL_ADDRESS'));
  if (external === undefined && temporalPort === uiPort) {
    throw new ConfigError('RINGMASTER_TEMPORAL_UI_PORT', `must differ from the Temporal port ${temporalPort}`);
  }

  return {
    home,
    host,
    port,
    logLevel,
    temporal: {
      embedded: external === undefined,
      address: external ?? `127.0.0.1:${temporalPort}`,
      namespace: env.TEMPORAL_NAMESPACE || 'default',
      port: temporalPort,
      uiPort,
      uiUrl: env.RINGMASTER_TEMPORAL_UI_URL || (external === undefined ? `http://127.0.0.1:${uiPort}` : undefined),
      apiKey: env.TEMPORAL_API_KEY || undefined,
      tls: parseBool({ value: env.TEMPORAL_TLS || undefined, source: 'TEMPORAL_TLS' }) || Boolean(env.TEMPORAL_API_KEY),
    },
    workerShutdownGraceMs: parseMs({ value: env.RINGMASTER_WORKER_GRACE_MS || undefined, source: 'RINGMASTER_WORKER_GRACE_MS' }, 30_000),
    apiToken: parseToken({ value: env.RINGMASTER_API_TOKEN || undefined, source: 'RINGMASTER_API_TOKEN' }),
    publicUrl: parseHttpUrl({ value: env.RINGMASTER_PUBLIC_URL || undefined, source: 'RINGMASTER_PUBLIC_URL' }),
    taskQueue: parseQueue({ value: env.RINGMASTER_TASK_QUEUE || undefined, source: 'RINGMASTER_TASK_QUEUE' }),
    agentSlots: parseSlots(pick(flags.slots, '--slots', env, 'RINGMASTER_AGENT_SLOTS')),
    workerLabels: parseLabels(pick(flags.labels, '--labels', env, 'RINGMASTER_WORKER_LABELS')),
    hostLostMinutes: parseMinutes({ value: env.RINGMASTER_HOST_LOST_MINUTES || undefined, source: 'RINGMASTER_HOST_LOST_MINUTES' }, DEFAULT_HOST_LOST_MINUTES),
    tracing: parseTracing(env),
    workerMetricsPort: env.RINGMASTER_WORKER_METRICS_PORT ? parsePort({ value: env.RINGMASTER_WORKER_METRICS_PORT, source: 'RINGMASTER_WORKER_METRICS_PORT' }, 0) : undefined,
    metricsToken: parseToken({ value: env.RINGMASTER_METRICS_TOKEN || undefined, source: 'RINGMASTER_METRICS_TOKEN' }, 'make one with `openssl rand -hex 24`'),
    maintenance: {
      keepWorktreesDays: parseWhole({ value: env.RINGMASTER_KEEP_WORKTREES_DAYS || undefined, source: 'RINGMASTER_KEEP_WORKTREES_DAYS' }, 14, 1, 'days'),
      logMaxBytes: parseWhole({ value: env.RINGMASTER_LOG_MAX_MB || undefined, source: 'RINGMASTER_LOG_MAX_MB' }, 20, 1, 'megabytes') * MB,
      cacheMaxBytes: parseWhole({ value: env.RINGMASTER_CACHE_MAX_MB || undefined, source: 'RINGMASTER_CACHE_MAX_MB' }, 1024, 1, 'megabytes') * MB,
    },
  };
}

/** The base URL of the REST API for these settings, e.g. `http://127.0.0.1:8080`. */
export function apiBaseUrl(settings: Pick<Settings, 'host' | 'port'>): string {
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  return `http://${host}:${settings.port}`;
}

/**
 * Environment variables that carry resolved settings to child processes (worker, API). A worker's
 * own slots and labels are not among them: each worker is given its own (`--slots`, `--labels`).
 */
export function settingsToEnv(settings: ClientSettings): Record<string, string> {
  return {
    RINGMASTER_HOME: settings.home,
    RINGMASTER_HOST: settings.host,
    RINGMASTER_PORT: String(settings.port),
    RINGMASTER_LOG_LEVEL: settings.logLevel,
    TEMPORAL_ADDRESS: settings.temporal.address,
    TEMPORAL_NAMESPACE: settings.temporal.namespace,
    RINGMASTER_WORKER_GRACE_MS: String(settings.workerShutdownGraceMs),
    RINGMASTER_TASK_QUEUE: settings.taskQueue,
    ...(settings.publicUrl ? { RINGMASTER_PUBLIC_URL: settings.publicUrl.href } : {}),
    ...(settings.temporal.uiUrl ? { RINGMASTER_TEMPORAL_UI_URL: settings.temporal.uiUrl } : {}),
    ...(settings.temporal.apiKey ? { TEMPORAL_API_KEY: settings.temporal.apiKey } : {}),
    ...(settings.temporal.tls ? { TEMPORAL_TLS: 'true' } : {}),
  };
}
