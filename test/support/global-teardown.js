/** Stops the run's Temporal dev server and waits for it to exit. */
export default async function globalTeardown() {
  const server = globalThis.__ringmasterTemporal;
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
