import { describe, expect, it } from '@jest/globals';
import { createOpencodeParser } from '../../agents/parse-opencode-events.js';
import { CANCELLED, exitedWith, feed, sampleLines } from './support/samples.js';

const captured = (name: string) => sampleLines('opencode', `ringmaster-capture-1.18.33__${name}.jsonl`);
const parse = (input: readonly string[], exit = exitedWith(0)) => feed(createOpencodeParser(), input).finish(exit);

describe('createOpencodeParser on streams captured from OpenCode 1.18.33', () => {
  it('reads a run that used its bash tool and finished: the last step text, tokens summed over steps with the cached input, the session', () => {
    expect(parse(captured('tool-bash-success-complete'))).toEqual({
      outcome: 'success',
      summary: 'Wrote proof.txt.',
      // OpenCode prices no model it was not told the price of: the cost is left to the price table.
      usage: { inputTokens: 2200, outputTokens: 50, cacheReadTokens: 800, cacheWriteTokens: 0, costUsd: null },
      sessionId: 'ses_dc1189df4ffeAJr2634l4lomDx',
    });
  });

  it.each([
    ['http-500', 'agent_error', 'OpenCode reported an error: APIError: The server had an error while processing your request'],
    ['http-401', 'agent_error', 'OpenCode reported an error: APIError: Incorrect API key provided'],
    ['http-429', 'rate_limited', 'OpenCode reported an error: APIError: Rate limit reached for requests. Please try again in 7s.'],
  ])('reads the error event of %s as %s', (file, outcome, summary) => {
    expect(parse(captured(file), exitedWith(1))).toMatchObject({ outcome, summary });
  });
});

describe('createOpencodeParser on shapes no capture holds', () => {
  const step = (text: string, tokens = { input: 10, output: 2 }, cost = 0) => [
    JSON.stringify({ type: 'step_start', sessionID: 'ses_1', part: { type: 'step-start' } }),
    JSON.stringify({ type: 'text', sessionID: 'ses_1', part: { type: 'text', text } }),
    JSON.stringify({ type: 'step_finish', sessionID: 'ses_1', part: { type: 'step-finish', reason: 'stop', tokens, cost } }),
  ];

  it('keeps the cost OpenCode reports, and the text of the last step only', () => {
    const run = parse([...step('first step'), ...step('Done. <promise>COMPLETE</promise>', { input: 5, output: 1 }, 0.002)]);
    expect(run).toMatchObject({ outcome: 'success', summary: 'Done.', usage: { inputTokens: 15, outputTokens: 3, costUsd: 0.002 } });
  });

  it('treats a run with no finished step and no error as a dead process, with the stderr tail', () => {
    const parser = createOpencodeParser();
    parser.push('{"type":"step_start","sessionID":"ses_2","part":{}}', 'stdout');
    parser.push('Segmentation fault', 'stderr');
    expect(parser.finish({ exitCode: null, signal: 'SIGSEGV', timedOut: false, cancelled: false })).toMatchObject({
      outcome: 'agent_error',
      summary: expect.stringMatching(/^OpenCode ended without finishing a step \(.*\): Segmentation fault$/),
      sessionId: 'ses_2',
    });
  });

  it('ignores garbage and says cancelled whatever the stream holds', () => {
    expect(parse(['not json', '{"type":"unknown"}', ...step('x <promise>COMPLETE</promise>')]).outcome).toBe('success');
    expect(parse(step('x <promise>COMPLETE</promise>'), CANCELLED).outcome).toBe('cancelled');
  });
});
