import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../../config/config-error.js';
import { resolveSettings } from '../../config/server-settings.js';
import { settingsToEnv } from '../../config/settings.js';

describe('resolveSettings', () => {
  it('uses the documented defaults with an empty environment', () => {
    const settings = resolveSettings({}, {}, '/home/ada');
    expect(settings).toMatchObject({
      home: '/home/ada/.ringmaster',
      host: '127.0.0.1',
      port: 8080,
      logLevel: 'info',
      temporal: { embedded: true, address: '127.0.0.1:7233', namespace: 'default', port: 7233, uiPort: 8233, uiUrl: 'http://127.0.0.1:8233', tls: false },
    });
  });

  it('reads every RINGMASTER_* variable', () => {
    const settings = resolveSettings(
      { RINGMASTER_HOME: '/data/rm', RINGMASTER_HOST: '0.0.0.0', RINGMASTER_PORT: '9000', RINGMASTER_TEMPORAL_PORT: '7300', RINGMASTER_TEMPORAL_UI_PORT: '8300', RINGMASTER_LOG_LEVEL: 'debug' },
      {},
      '/home/ada',
    );
    expect(settings).toMatchObject({ home: '/data/rm', host: '0.0.0.0', port: 9000, logLevel: 'debug', temporal: { address: '127.0.0.1:7300', port: 7300, uiPort: 8300 } });
  });

  it('lets flags override the environment', () => {
    const settings = resolveSettings({ RINGMASTER_PORT: '9000', RINGMASTER_HOME: '/a' }, { port: '9100', home: '~/rm' }, '/home/ada');
    expect(settings.port).toBe(9100);
    expect(settings.home).toBe('/home/ada/rm');
  });

  it('switches to an existing cluster when TEMPORAL_ADDRESS is set', () => {
    const settings = resolveSettings({ TEMPORAL_ADDRESS: 'temporal.internal:7233', TEMPORAL_NAMESPACE: 'agents', TEMPORAL_API_KEY: 'k' });
    expect(settings.temporal).toMatchObject({ embedded: false, address: 'temporal.internal:7233', namespace: 'agents', apiKey: 'k', tls: true, uiUrl: undefined });
  });

  it.each([
    [{ RINGMASTER_PORT: 'http' }, {}, 'RINGMASTER_PORT'],
    [{ RINGMASTER_PORT: '70000' }, {}, 'RINGMASTER_PORT'],
    [{}, { port: '0' }, '--port'],
    [{}, { temporalAddress: 'localhost' }, '--temporal-address'],
    [{ RINGMASTER_LOG_LEVEL: 'loud' }, {}, 'RINGMASTER_LOG_LEVEL'],
    [{ TEMPORAL_TLS: 'maybe' }, {}, 'TEMPORAL_TLS'],
    [{ RINGMASTER_TEMPORAL_PORT: '8233' }, {}, 'RINGMASTER_TEMPORAL_UI_PORT'],
    [{ RINGMASTER_AGENT_SLOTS: '0' }, {}, 'RINGMASTER_AGENT_SLOTS'],
    [{}, { slots: 'two' }, '--slots'],
    [{ RINGMASTER_WORKER_LABELS: 'gpu,has space' }, {}, 'RINGMASTER_WORKER_LABELS'],
    [{}, { labels: 'languages=' }, '--labels'],
    [{ RINGMASTER_API_TOKEN: 'too-short-to-be-a-secret' }, {}, 'RINGMASTER_API_TOKEN'],
    [{ RINGMASTER_PUBLIC_URL: 'ringmaster.example.com' }, {}, 'RINGMASTER_PUBLIC_URL'],
    [{ RINGMASTER_PUBLIC_URL: 'ftp://ringmaster.example.com' }, {}, 'RINGMASTER_PUBLIC_URL'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, {}, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ RINGMASTER_WORKER_METRICS_PORT: '99999' }, {}, 'RINGMASTER_WORKER_METRICS_PORT'],
    [{ RINGMASTER_METRICS_TOKEN: 'short' }, {}, 'RINGMASTER_METRICS_TOKEN'],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' }, {}, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'perhaps' }, {}, 'OTEL_SDK_DISABLED'],
  ])('rejects %j %j naming %s', (env, flags, setting) => {
    let error: unknown;
    try {
      resolveSettings(env, flags);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).setting).toBe(setting);
    expect((error as ConfigError).message).toContain(setting);
  });

  it('turns tracing on with the standard OTLP variables, and only with them', () => {
    expect(resolveSettings({}).tracing).toBeUndefined();
    expect(resolveSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing).toEqual({ tracesUrl: 'http://collector:4318/v1/traces', serviceName: undefined });
    expect(
      resolveSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example.com/in', OTEL_SERVICE_NAME: 'rm-prod' }).tracing,
    ).toEqual({
      tracesUrl: 'https://traces.example.com/in',
      serviceName: 'rm-prod',
    });
    expect(resolveSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }).tracing).toBeUndefined();
  });

  it("reads a worker's agent slots and labels, flags first", () => {
    expect(resolveSettings({})).toMatchObject({ agentSlots: 2, workerLabels: [] });
    const fromEnv = resolveSettings({ RINGMASTER_AGENT_SLOTS: '4', RINGMASTER_WORKER_LABELS: 'gpu, languages=python' });
    expect(fromEnv).toMatchObject({ agentSlots: 4, workerLabels: ['gpu', 'languages=python'] });
    expect(resolveSettings({ RINGMASTER_AGENT_SLOTS: '4', RINGMASTER_WORKER_LABELS: 'gpu' }, { slots: '1', labels: 'cuda' })).toMatchObject({ agentSlots: 1, workerLabels: ['cuda'] });
  });

  it('takes an API token of 32 characters or more, and a public URL', () => {
    const settings = resolveSettings({ RINGMASTER_API_TOKEN: ` ${'t'.repeat(32)} `, RINGMASTER_PUBLIC_URL: 'https://rm.example.com' });
    expect(settings.apiToken).toBe('t'.repeat(32));
    expect(settings.publicUrl?.host).toBe('rm.example.com');
    expect(resolveSettings(settingsToEnv(settings)).publicUrl?.href).toBe('https://rm.example.com/');
  });

  it('passes resolved settings to child processes through the environment', () => {
    const settings = resolveSettings({}, { home: '/x', port: 8123, temporalPort: 7999, temporalUiPort: 8999 });
    const child = resolveSettings(settingsToEnv(settings));
    expect(child).toMatchObject({ home: '/x', port: 8123, temporal: { address: '127.0.0.1:7999', namespace: 'default', uiUrl: 'http://127.0.0.1:8999' } });
  });
});
