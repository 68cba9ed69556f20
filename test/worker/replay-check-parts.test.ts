import { describe, expect, it } from '@jest/globals';
import { candidateQueries } from '../../temporal/replay-candidates.js';
import { replayErrorDetails } from '../../worker/replay-check.js';

// The pure parts of the replay check, on input recorded from the SDK and the dev server.

describe('candidateQueries', () => {
  it('selects the running runs and the runs closed after the given time', () => {
    expect(candidateQueries('ringmaster', new Date('2026-11-20T10:00:00.000Z'))).toEqual({
      running: 'TaskQueue = "ringmaster" AND ExecutionStatus = "Running"',
      closed: 'TaskQueue = "ringmaster" AND CloseTime > "2026-11-20T10:00:00.000Z"',
    });
  });

  it('refuses a queue name it cannot quote', () => {
    for (const queue of ['', 'a"b', "a'b", 'a\\b']) expect(() => candidateQueries(queue, new Date())).toThrow(TypeError);
  });
});

describe('replayErrorDetails', () => {
  it("keeps Core's message out of the SDK's sentence and Core's debug output", () => {
    const recorded =
      'Replay failed with a nondeterminism error. This means that the workflow code as written is not compatible with the history that was fed in. ' +
      'Details: Workflow activation completion failed: Failure { failure: Some(Failure { message: "[TMPRL1100] Nondeterminism error: Timer machine does not handle this event: HistoryEvent(id: 5, ActivityTaskScheduled)", source: "", stack_trace: "", encoded_attributes: None, cause: None }), force_cause: NonDeterministicError }';
    expect(replayErrorDetails(recorded)).toBe('[TMPRL1100] Nondeterminism error: Timer machine does not handle this event: HistoryEvent(id: 5, ActivityTaskScheduled)');
  });

  it('unescapes quotes in the message and falls back to the details or the whole message', () => {
    expect(replayErrorDetails('Replay failed due workflow task failure. Details: Failure { message: "bad \\"input\\"\\nhere", source: "TypeScriptSDK" }')).toBe('bad "input"\nhere');
    expect(replayErrorDetails('Replay failed due to internal SDK issue. Code: FATAL, Details: boom')).toBe('boom');
    expect(replayErrorDetails('Worker was shutdown')).toBe('Worker was shutdown');
  });
});
