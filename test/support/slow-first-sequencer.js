// Orders the test files so the long ones start first, also on a fresh clone. Jest orders by the
// durations of its last run when its cache has them, else by file size, which put the 42 s chaos
// suite (a small file) last and left two of three workers idle at the end of a CI run.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TestSequencer = createRequire(import.meta.url)('@jest/test-sequencer').default;
const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Seconds of the suites that took 20 s or more in a CI run (2 cores, 3 workers, 2026-12-04): only
 * their order matters, so a figure that ages does little harm. Files not listed come after them.
 */
const SECONDS = {
  'test/workflows/self-hosting.test.ts': 124,
  'test/workflows/agent-cli-tasks.test.ts': 93,
  'test/cluster/multi-host.test.ts': 92,
  'test/workflows/worker-crash.test.ts': 86,
  'test/cluster/self-hosting-hosts.test.ts': 83,
  'test/workflows/task-workflow.test.ts': 76,
  'test/cli/up.test.ts': 65,
  'test/workflows/hot-reload.test.ts': 62,
  'test/agents/opencode-real-cli.test.ts': 57,
  'test/chaos/chaos.test.ts': 42,
  'test/worker/replay-check-command.test.ts': 39,
  'test/api/zero-downtime-reload.test.ts': 39,
  'test/cli/task-commands.test.ts': 36,
  'test/worker/replay-check.test.ts': 35,
  'test/workflows/scheduling.test.ts': 32,
  'test/cli/up-worker-spawn.test.ts': 31,
  'test/workflows/merge-queue.test.ts': 31,
  'test/agents/gemini-real-cli.test.ts': 30,
  'test/workflows/decomposition.test.ts': 30,
  'test/workflows/external-worker.test.ts': 27,
  'test/toolchain/temporal-cli.test.ts': 25,
  'test/cli/worker-commands.test.ts': 25,
  'test/workflows/capability-routing.test.ts': 23,
  'test/api/workers.test.ts': 22,
  'test/cli/external-commands.test.ts': 21,
  'test/temporal/worker-registry.test.ts': 20,
  'test/agents/aider-real-cli.test.ts': 20,
};

export default class SlowFirstSequencer extends TestSequencer {
  /** The duration of the last run where jest has it, else the table's, in seconds; else undefined. */
  seconds(test) {
    const cached = this.time(test);
    return cached === undefined ? SECONDS[path.relative(root, test.path)] : cached / 1000;
  }

  sort(tests) {
    const size = (test) => test.context.hasteFS.getSize(test.path) ?? 0;
    const keyed = tests.map((test) => ({ test, failed: this.hasFailed(test), seconds: this.seconds(test), size: size(test) }));
    keyed.sort((a, b) => {
      if (a.failed !== b.failed) return a.failed ? -1 : 1;
      if ((a.seconds === undefined) !== (b.seconds === undefined)) return a.seconds === undefined ? 1 : -1;
      if (a.seconds !== undefined && b.seconds !== undefined) return b.seconds - a.seconds;
      return b.size - a.size;
    });
    return keyed.map((entry) => entry.test);
  }
}
