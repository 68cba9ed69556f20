import type { Command } from 'commander';
import { readClientToken } from '../../access/install-token.js';
import { resolveClientSettings } from '../../config/settings.js';
import { createApiClient, type ApiClient } from '../../host-link/api-client.js';

export interface ClientFlags {
  apiUrl?: string;
  port?: string;
  json?: boolean;
}

/** Adds --api-url and --json to a command that talks to the API. */
export function withClientFlags(command: Command, json = true): Command {
  command.option('--api-url <url>', 'Ringmaster API (env RINGMASTER_API_URL; default http://127.0.0.1:$RINGMASTER_PORT)');
  if (json) command.option('--json', 'print JSON instead of text');
  return command;
}

const isLocal = (url: string) => {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
};

/**
 * The API client for a command: --api-url, else RINGMASTER_API_URL, else the local API from
 * RINGMASTER_HOST/RINGMASTER_PORT (a wildcard bind address is reached on 127.0.0.1). It sends
 * RINGMASTER_API_TOKEN, else, to an API on this machine, the token in $RINGMASTER_HOME/api-token
 * (never to another machine: that one's token is not ours to give away).
 */
export function clientFrom(flags: ClientFlags, env: NodeJS.ProcessEnv = process.env): ApiClient {
  const settings = resolveClientSettings(env);
  const host = ['0.0.0.0', '::', ''].includes(settings.host) ? '127.0.0.1' : settings.host;
  const baseUrl = (flags.apiUrl ?? env.RINGMASTER_API_URL ?? `http://${host.includes(':') ? `[${host}]` : host}:${settings.port}`).replace(/\/$/, '');
  const token = settings.apiToken ?? (isLocal(baseUrl) ? readClientToken(settings.home, undefined) : undefined);
  return createApiClient({ baseUrl, token });
}
