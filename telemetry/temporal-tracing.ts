import type { WorkflowClientInterceptor } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  type OpenTelemetrySinks,
} from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks, WorkerOptions } from '@temporalio/worker';
import { createRequire } from 'node:module';
import type { Tracing } from './tracing.js';

/**
 * The workflow side of the Temporal SDK's OpenTelemetry interceptors, bundled into every workflow
 * bundle: a workflow's spans leave the sandbox through the `exporter` sink, which is a no-op while
 * tracing is off (workerTracing below).
 */
export function workflowTracingModules(): string[] {
  return [createRequire(import.meta.url).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')];
}

/** The sink the bundled workflow interceptors send their spans to: dropped while tracing is off. */
function workflowSpanSink(tracing: Tracing | undefined): InjectedSinks<OpenTelemetrySinks> {
  if (tracing) return { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) };
  return { exporter: { export: { fn: () => undefined, callDuringReplay: false } } };
}

/** What a Worker needs for tracing: the activity interceptors (when on) and the workflows' span sink (always). */
export function workerTracing(tracing: Tracing | undefined): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  return {
    sinks: workflowSpanSink(tracing),
    ...(tracing ? { interceptors: { activity: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })] } } : {}),
  };
}

/** A Client's interceptors: starting, signalling or updating a workflow carries the caller's span in its headers. */
export function clientTracing(tracing: Tracing | undefined): { interceptors?: { workflow: WorkflowClientInterceptor[] } } {
  return tracing ? { interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } } : {};
}
