/**
 * Ends the process with `code` once nothing is left to do, at the latest after `graceMs`.
 * Why not `process.exit()` at once: pino writes asynchronously, and a write still pending at exit
 * is retried synchronously, forever, when stdout is a broken pipe (the supervisor died): the process
 * would hang. A natural exit lets pending writes fail (pino then drops its output) and finish first.
 */
export function exitWhenIdle(code: number, graceMs = 2_000): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), graceMs).unref();
}
