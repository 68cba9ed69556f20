/** What jest's globalSetup prepared for this run, read from the environment it exported. */
export interface TestRunEnv {
  /** `host:port` of the one Temporal dev server of this test run. */
  temporalAddress: string;
  /** Absolute path of the Temporal CLI the run provisioned. */
  temporalBin: string;
  /** The workflow bundle built once for the run. */
  workflowBundle: string;
}

export function testRunEnv(): TestRunEnv {
  const { RINGMASTER_TEST_TEMPORAL_ADDRESS, RINGMASTER_TEMPORAL_BIN, RINGMASTER_TEST_WORKFLOW_BUNDLE } = process.env;
  if (!RINGMASTER_TEST_TEMPORAL_ADDRESS || !RINGMASTER_TEMPORAL_BIN || !RINGMASTER_TEST_WORKFLOW_BUNDLE) {
    throw new Error('test/support/global-setup.ts did not run: start tests with `npm test` or `npm run test:jest`');
  }
  return {
    temporalAddress: RINGMASTER_TEST_TEMPORAL_ADDRESS,
    temporalBin: RINGMASTER_TEMPORAL_BIN,
    workflowBundle: RINGMASTER_TEST_WORKFLOW_BUNDLE,
  };
}

/** A task queue no other test uses. */
export function uniqueTaskQueue(label: string): string {
  return `test-${label}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
