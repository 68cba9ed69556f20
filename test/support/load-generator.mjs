// A fixed-rate HTTP load, run as its own Node process so the jest process's event loop never skews
// it. Config: JSON in argv[2] or RINGMASTER_LOAD_CONFIG:
//   { url, paths?: ['/health', …], rate: requests per second overall, headers?, connections?,
//     timeoutSeconds?, maxDurationSeconds? }
// Runs until a `stop` line on stdin (or stdin closing), SIGTERM/SIGINT, or maxDurationSeconds; then
// prints ONE JSON line on stdout:
//   { requests, sent, errors, dropped, non2xx, timeouts, statusCodes, latency: { p50, p99, max },
//     failures: [{ path, status, count, sample }], durationMs }
// `errors` counts every request that got no HTTP answer: connection errors, timeouts, and requests
// written on a connection that then closed without answering them (`dropped`). Progress goes to
// stderr: `load-generator: started` once the load runs.
import autocannon from 'autocannon';
import readline from 'node:readline';

function readConfig() {
  const raw = process.argv[2] ?? process.env.RINGMASTER_LOAD_CONFIG;
  if (!raw) throw new Error('load-generator: pass the JSON config as the first argument or in RINGMASTER_LOAD_CONFIG');
  const config = JSON.parse(raw);
  if (typeof config.url !== 'string') throw new Error('load-generator: config.url must be a URL string');
  if (!Number.isInteger(config.rate) || config.rate < 1) throw new Error('load-generator: config.rate must be a whole number of requests per second, at least 1');
  return {
    url: config.url,
    paths: Array.isArray(config.paths) && config.paths.length ? config.paths : ['/'],
    rate: config.rate,
    headers: config.headers ?? {},
    connections: config.connections ?? Math.min(10, config.rate),
    timeoutSeconds: config.timeoutSeconds ?? 10,
    maxDurationSeconds: config.maxDurationSeconds ?? 600,
  };
}

/**
 * Adapts each autocannon client (autocannon's `setupClient` hook) in two ways:
 * - Pacing: autocannon's own rate limit sends each second's requests per connection in one burst,
 *   then idles; this spaces them evenly (random phase per connection), so requests also arrive
 *   while a server is switching workers, not only at the top of each second.
 * - `Connection: close`: autocannon 8 ignores it and writes its next request on the socket the server
 *   is closing, which RFC 9112 §9.6 forbids and real clients (undici, curl, browsers) never do; this
 *   reconnects instead, as autocannon does for `reconnectRate`.
 * It also counts requests left unanswered on a connection the server closed (`dropped`), which
 * autocannon would silently lose.
 */
function setupClient(counters) {
  return (client) => {
    const intervalMs = 1000 / client.rate;
    // Checked by autocannon right after this hook: 0 turns its bursty limiter off.
    client.rate = 0;
    let nextAt = Date.now() + Math.random() * intervalMs;
    let scheduled;
    let closeAfterResponse = false;
    const outstanding = new WeakMap();
    const watch = (conn) => {
      if (outstanding.has(conn)) return;
      outstanding.set(conn, 0);
      let errored = false;
      conn.once('error', () => (errored = true));
      conn.once('close', () => {
        const lost = outstanding.get(conn);
        // Connections autocannon destroyed itself (timeout, reset, stop) or that failed with an error
        // are counted by autocannon already.
        if (lost > 0 && !errored && !conn.destroyedByClient && !client.destroyed) counters.dropped += lost;
      });
    };
    client.on('headers', (head) => {
      if (head.shouldKeepAlive === false) closeAfterResponse = true;
    });
    client.on('response', () => outstanding.set(client.conn, Math.max(0, (outstanding.get(client.conn) ?? 0) - 1)));
    client.on('done', () => clearTimeout(scheduled));
    const destroyConnection = client._destroyConnection;
    client._destroyConnection = function () {
      this.conn.destroyedByClient = true;
      return destroyConnection.call(this);
    };
    const send = client._doRequest;
    client._doRequest = function (...args) {
      if (this.destroyed) return;
      if (closeAfterResponse) {
        closeAfterResponse = false;
        // Destroys the finished connection and opens a new one, which calls _doRequest again.
        return this._resetConnection();
      }
      if (scheduled) return;
      const at = Math.max(nextAt, Date.now());
      nextAt = at + intervalMs;
      scheduled = setTimeout(() => {
        scheduled = undefined;
        if (this.destroyed) return;
        const before = this.reqsMade;
        send.apply(this, args);
        if (this.reqsMade === before) return;
        watch(this.conn);
        outstanding.set(this.conn, outstanding.get(this.conn) + 1);
      }, at - Date.now());
    };
  };
}

function summarize(result, counters, startedAt) {
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count]));
  return {
    requests: Object.values(statusCodes).reduce((sum, count) => sum + count, 0),
    sent: result.requests.sent,
    errors: result.errors + counters.dropped,
    dropped: counters.dropped,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
    statusCodes,
    latency: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    failures: [...counters.failures.values()],
    durationMs: Date.now() - startedAt,
  };
}

function recordFailure(counters, path, status, body) {
  if (status >= 200 && status < 300) return;
  const key = `${status} GET ${path}`;
  const seen = counters.failures.get(key) ?? { path, status, count: 0, sample: String(body ?? '').slice(0, 300) };
  seen.count++;
  counters.failures.set(key, seen);
}

const config = readConfig();
const counters = { dropped: 0, failures: new Map() };
// From autocannon's start to its result: the window its counts cover (it stops at the next 1 s tick).
let startedAt = Date.now();
const instance = autocannon(
  {
    url: config.url,
    // Every answer that is not 2xx is kept by path and status, with a sample body, to say what failed.
    requests: config.paths.map((path) => ({ method: 'GET', path, onResponse: (status, body) => recordFailure(counters, path, status, body) })),
    headers: config.headers,
    connections: config.connections,
    overallRate: config.rate,
    timeout: config.timeoutSeconds,
    duration: config.maxDurationSeconds,
    // Measured latencies only: autocannon's coordinated-omission correction adds synthetic samples.
    ignoreCoordinatedOmission: true,
    setupClient: setupClient(counters),
  },
  (err, result) => {
    if (err) {
      console.error(`load-generator: ${err.message}`);
      process.exit(2);
    }
    process.stdout.write(`${JSON.stringify(summarize(result, counters, startedAt))}\n`, () => process.exit(0));
  },
);
instance.on('start', () => {
  startedAt = Date.now();
  console.error(`load-generator: started ${config.rate} req/s over ${config.connections} connections on ${config.url} ${config.paths.join(' ')}`);
});

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  instance.stop();
};
readline
  .createInterface({ input: process.stdin })
  .on('line', (line) => line.trim() === 'stop' && stop())
  .on('close', stop);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
