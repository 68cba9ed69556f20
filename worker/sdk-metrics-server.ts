import Fastify from 'fastify';
import { allowedHosts, allowedOrigins } from '../access/allowed-hosts.js';
import { registerAccessHook } from '../access/fastify-access.js';
import { sameSecret } from '../access/tokens.js';
import { Role } from '../model/roles.js';
import type { SdkMetrics } from '../telemetry/sdk-metrics.js';

export interface SdkMetricsServer {
  url: string;
  close(): Promise<void>;
}

export interface SdkMetricsServerOptions {
  metrics: SdkMetrics;
  host: string;
  port: number;
  /** The bearer tokens it accepts: RINGMASTER_METRICS_TOKEN and the install token. */
  tokens: string[];
}

/**
 * A worker's own metrics port (RINGMASTER_WORKER_METRICS_PORT): `GET /metrics` gives the Temporal
 * SDK's metrics of this process (pollers, slots, task latencies, sticky cache) in the Prometheus
 * text format. Like every Ringmaster port it checks the Host, the Origin and the bearer token.
 */
export async function startSdkMetricsServer(options: SdkMetricsServerOptions): Promise<SdkMetricsServer> {
  const app = Fastify({ logger: false });
  const hosts = allowedHosts({ host: options.host, port: options.port });
  registerAccessHook(app, {
    policy: {
      hosts,
      origins: allowedOrigins({ host: options.host, port: options.port }, hosts),
      principalOf: (token) => (options.tokens.some((known) => sameSecret(token, known)) ? { name: 'metrics', role: Role.viewer } : undefined),
    },
    accessOf: () => Role.viewer,
    refuse: (_status, code, message) => ({ error: { code, message } }),
  });
  app.get('/metrics', async (_request, reply) => {
    options.metrics.drain();
    return reply.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: { code: 'not_found', message: `${request.method} ${request.url}: this port serves only GET /metrics` } }));
  await app.listen({ host: options.host, port: options.port });
  const bound = app.server.address();
  const port = typeof bound === 'object' && bound ? bound.port : options.port;
  return { url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`, close: () => app.close() };
}
