// Runs once per jest run, outside jest's module system: it imports the compiled modules in
// dist/ (jest's ESM resolver does not serve globalSetup), so `npm run test:jest` builds first.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = (file) => import(path.join(root, 'dist', file));

/**
 * Provisions the Temporal CLI (installing the pinned version on a fresh clone, with a message),
 * starts ONE dev server for all tests (the SDK's own start-up deadline of 5 s is too short on
 * 2 cores) and registers the search attributes. Tests use the workflow bundle `npm run build`
 * wrote, the same one production runs. Tests read all this through test/support/test-env.ts.
 */
export default async function globalSetup() {
  const bundle = path.join(root, 'dist', 'workflow-bundle.js');
  if (!fs.existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` (npm test does)`);
  const { ensureTemporalCli } = await dist('toolchain/temporal-cli.js');
  const { ensureSearchAttributes } = await dist('temporal/search-attributes.js');
  // One partition per task queue, so priority order is exact (as in the embedded server).
  const { SINGLE_PARTITION_ARGS } = await dist('supervisor/temporal-dev-server.js');
  const { Connection } = await import('@temporalio/client');

  const cli = await ensureTemporalCli({ onProgress: (line) => console.log(`\n[global-setup] ${line}`) });
  const port = await new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address();
      probe.close(() => resolve(free));
    });
  });
  const address = `127.0.0.1:${port}`;
  const logFile = path.join(root, '.cache', 'test-temporal.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'w');
  const server = spawn(cli.path, ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--log-format', 'json', '--log-level', 'warn', ...SINGLE_PARTITION_ARGS], {
    stdio: ['ignore', log, log],
  });
  globalThis.__ringmasterTemporal = server;

  const deadline = Date.now() + 60_000;
  let connection;
  while (!connection) {
    try {
      const candidate = await Connection.connect({ address, connectTimeout: 2000 });
      await candidate.workflowService.describeNamespace({ namespace: 'default' });
      connection = candidate;
    } catch (err) {
      if (server.exitCode !== null || Date.now() > deadline) {
        throw new Error(`test Temporal server at ${address} did not start (see ${logFile}): ${err.message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    await ensureSearchAttributes(connection, 'default');
  } finally {
    await connection.close();
  }

  process.env.RINGMASTER_TEST_TEMPORAL_ADDRESS = address;
  process.env.RINGMASTER_TEMPORAL_BIN = cli.path;
  process.env.RINGMASTER_TEST_WORKFLOW_BUNDLE = bundle;
}
