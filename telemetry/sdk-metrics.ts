import { MetricsBuffer, type BufferedMetricUpdate } from '@temporalio/worker';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Every name the Temporal SDK's metrics get here: what its own Prometheus exporter would use. */
export const SDK_METRIC_PREFIX = 'temporal_';

// The SDK's latencies (poll, schedule-to-start, activity and workflow task execution) in seconds.
const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
// Drained this often, so that a busy worker never fills the buffer between two scrapes.
const DRAIN_INTERVAL_MS = 1000;

type Metric = Counter | Gauge | Histogram;

/** The Temporal SDK's own metrics of this process (the Rust core's), as a prom-client registry. */
export interface SdkMetrics {
  /** Give this to Runtime.install's `telemetryOptions.metrics.buffer`. */
  buffer: MetricsBuffer;
  registry: Registry;
  /** Moves what the SDK recorded since the last call into the registry (scrapes call it first). */
  drain(): void;
  stop(): void;
}

function promName(name: string): string {
  const clean = name.replace(/[^a-zA-Z0-9_:]/g, '_');
  return clean.startsWith(SDK_METRIC_PREFIX) ? clean : `${SDK_METRIC_PREFIX}${clean}`;
}

function promLabel(key: string): string {
  return key.replace(/[^a-zA-Z0-9_]/g, '_').replace(/^(\d)/, '_$1');
}

/**
 * Collects the SDK's metrics through its metrics buffer (Runtime option `metrics.buffer`) instead of
 * the core's own Prometheus listener, which would be an HTTP port without the token, Host and Origin
 * checks every Ringmaster port has: the worker's metrics server (worker/sdk-metrics-server.ts)
 * answers from this registry. A metric's labels are those of its first update; a later update's
 * extra attributes are left out and missing ones are empty.
 */
export function createSdkMetrics(): SdkMetrics {
  const buffer = new MetricsBuffer({ maxBufferSize: 100_000, useSecondsForDurations: true });
  const registry = new Registry();
  const metrics = new Map<string, { metric: Metric; labelNames: string[] }>();

  const metricFor = (update: BufferedMetricUpdate) => {
    const name = promName(update.metric.name);
    let entry = metrics.get(name);
    if (!entry) {
      const labelNames = Object.keys(update.attributes).map(promLabel);
      const common = { name, help: update.metric.description || update.metric.name, labelNames, registers: [registry] };
      const metric = update.metric.kind === 'counter' ? new Counter(common) : update.metric.kind === 'histogram' ? new Histogram({ ...common, buckets: LATENCY_BUCKETS }) : new Gauge(common);
      entry = { metric, labelNames };
      metrics.set(name, entry);
    }
    return entry;
  };

  const drain = () => {
    for (const update of buffer.retrieveUpdates()) {
      const { metric, labelNames } = metricFor(update);
      const given = Object.fromEntries(Object.entries(update.attributes).map(([key, value]) => [promLabel(key), String(value)]));
      const labels = Object.fromEntries(labelNames.map((label) => [label, given[label] ?? '']));
      // Counters get deltas; gauges and histograms the value itself; an up-down counter a delta of either sign.
      if (metric instanceof Counter) metric.inc(labels, update.value);
      else if (metric instanceof Histogram) metric.observe(labels, update.value);
      else if (update.metric.kind === 'up-down-counter') metric.inc(labels, update.value);
      else metric.set(labels, update.value);
    }
  };
  const timer = setInterval(drain, DRAIN_INTERVAL_MS);
  timer.unref();
  return { buffer, registry, drain, stop: () => clearInterval(timer) };
}
