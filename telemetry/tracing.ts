import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { TracingSettings } from '../config/settings.js';

/** This process's tracing, once started: what the Temporal interceptors and the API's hook need. */
export interface Tracing {
  resource: Resource;
  spanProcessor: SpanProcessor;
  tracer: Tracer;
  /** Sends what is buffered, then stops; the global tracer, context manager and propagator go back to no-ops. */
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry for this process: a tracer provider registered globally (so the Temporal
 * interceptors and `@opentelemetry/api` callers use it) with the AsyncLocalStorage context manager
 * and W3C trace-context propagation, exporting in batches over OTLP/HTTP (JSON; the exporter reads
 * OTEL_EXPORTER_OTLP_HEADERS itself).
 */
export function startTracing(settings: TracingSettings, service: { name: string; version: string }): Tracing {
  const resource = Resource.default().merge(new Resource({ [ATTR_SERVICE_NAME]: settings.serviceName ?? service.name, [ATTR_SERVICE_VERSION]: service.version }));
  // Short batches: a task's spans show up within a second, and a crash loses at most that much.
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter({ url: settings.tracesUrl }), { scheduledDelayMillis: 500 });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  return {
    resource,
    spanProcessor,
    tracer: trace.getTracer('ringmaster', service.version),
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
