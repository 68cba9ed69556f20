import { describe, expect, it } from '@jest/globals';
import { createGeminiParser } from '../../agents/parse-gemini-events.js';
import { CANCELLED, exitedWith, feed, sampleLines, TIMED_OUT } from './support/samples.js';

const recorded = () => sampleLines('gemini', 'jnarowski-agentcmd__docs-cli-gemini__stream-json-say-hello.jsonl');
const parse = (input: readonly string[], exit = exitedWith(0)) => feed(createGeminiParser(), input).finish(exit);
const [init, userMessage, assistantDelta, result] = recorded() as [string, string, string, string];

/** A recorded event with some fields changed: shapes from the Gemini CLI's event types that no recording holds. */
function changed(line: string, changes: Record<string, unknown>): string {
  return JSON.stringify({ ...(JSON.parse(line) as Record<string, unknown>), ...changes });
}

const captured = (name: string) => sampleLines('gemini', `ringmaster-capture-0.61.0__${name}.jsonl`);

describe('createGeminiParser on streams captured from Gemini CLI 0.61.0', () => {
  it('reads a run that wrote a file through its tool and finished: the joined deltas, stats tokens, model, session', () => {
    expect(parse(captured('tool-write-file-success-complete'))).toEqual({
      outcome: 'success',
      summary: 'Wrote proof.txt.',
      usage: { inputTokens: 2200, outputTokens: 50, cacheReadTokens: 0, costUsd: null, model: 'gemini-2.5-pro' },
      sessionId: 'b2797172-dc0c-4540-bc19-601cdcd1b348',
    });
  });

  it.each([
    ['http-500', 'agent_error', 'Internal error encountered.'],
    ['http-400-api-key-invalid', 'agent_error', 'API key not valid. Please pass a valid API key.'],
    ['http-429', 'rate_limited', 'Resource has been exhausted (e.g. check quota). Please retry in 7s.'],
  ])('reads the error result of %s as %s', (file, outcome, message) => {
    const run = parse(captured(file), exitedWith(1));
    expect(run.outcome).toBe(outcome);
    expect(run.summary).toContain(message);
  });
});

describe('createGeminiParser on the recorded stream', () => {
  it('reads the assistant message (not the echoed prompt), stats tokens, the model and the session id', () => {
    expect(parse(recorded())).toEqual({
      outcome: 'incomplete',
      summary: "Hello! I'm ready to help. What can I do for you?",
      usage: { inputTokens: 7352, outputTokens: 16, costUsd: null, model: 'gemini-2.5-pro' },
      sessionId: '2aa2472d-f175-41f6-a5a9-fd4f42cc345a',
    });
  });

  it('ignores garbage, unknown event types and truncated JSON', () => {
    const noisy = ['Loaded cached credentials.', init, '{"type":"thought","content":"x"}', userMessage, assistantDelta.slice(0, 50), assistantDelta, result];
    expect(parse(noisy)).toEqual(parse(recorded()));
  });

  it('treats a stream without its result as a dead process, with the stderr tail', () => {
    const parser = feed(createGeminiParser(), [init, userMessage, assistantDelta]);
    parser.push('Error when talking to Gemini API', 'stderr');
    expect(parser.finish(exitedWith(1))).toMatchObject({
      outcome: 'agent_error',
      summary: 'Gemini CLI ended without a result (exit 1): Error when talking to Gemini API',
      sessionId: '2aa2472d-f175-41f6-a5a9-fd4f42cc345a',
    });
  });

  it('says timeout or cancelled whatever the stream holds', () => {
    expect(parse([init, assistantDelta], TIMED_OUT).outcome).toBe('timeout');
    expect(parse(recorded(), CANCELLED).outcome).toBe('cancelled');
  });
});

describe('createGeminiParser on changed recorded events', () => {
  it('joins deltas into one message and starts a new one after a tool call', () => {
    const stream = [
      init,
      changed(assistantDelta, { content: 'Let me look. ' }),
      '{"type":"tool_use","timestamp":"2025-10-29T10:36:08.000Z","tool_name":"read_file","tool_id":"t1","parameters":{"path":"a.ts"}}',
      '{"type":"tool_result","timestamp":"2025-10-29T10:36:08.100Z","tool_id":"t1","status":"success","output":"…"}',
      changed(assistantDelta, { content: 'Fixed the bug. ' }),
      changed(assistantDelta, { content: '<promise>COMPLETE</promise>' }),
      result,
    ];
    expect(parse(stream)).toMatchObject({ outcome: 'success', summary: 'Fixed the bug.' });
  });

  it('reads decision and blocked markers', () => {
    expect(parse([init, changed(assistantDelta, { content: '<decision>Use Postgres or SQLite?</decision>' }), result])).toMatchObject({
      outcome: 'needs_decision',
      question: 'Use Postgres or SQLite?',
    });
    expect(parse([init, changed(assistantDelta, { content: '<blocked>quota</blocked>' }), result]).outcome).toBe('failed');
  });

  it('reports a result with status error as an agent error', () => {
    const failed = changed(result, { status: 'error', error: { type: 'FatalAuthenticationError', message: 'API key not valid' } });
    expect(parse([init, failed], exitedWith(1))).toMatchObject({
      outcome: 'agent_error',
      summary: 'Gemini CLI reported an error: FatalAuthenticationError: API key not valid',
      usage: { inputTokens: 7352, outputTokens: 16, costUsd: null, model: 'gemini-2.5-pro' },
    });
  });

  it('reads the cached input tokens of the stats when the CLI gives them', () => {
    const withCache = changed(result, { stats: { total_tokens: 7386, input_tokens: 7352, output_tokens: 16, cached: 4096, duration_ms: 2239, tool_calls: 0 } });
    expect(parse([init, userMessage, assistantDelta, withCache]).usage).toEqual({ inputTokens: 7352, outputTokens: 16, cacheReadTokens: 4096, costUsd: null, model: 'gemini-2.5-pro' });
  });

  it('reports the last error event when the stream stops without a result', () => {
    const errorEvent = '{"type":"error","timestamp":"2025-10-29T10:36:09.000Z","severity":"error","message":"Quota exceeded"}';
    const warning = '{"type":"error","timestamp":"2025-10-29T10:36:09.100Z","severity":"warning","message":"Loop detected"}';
    expect(parse([init, errorEvent, warning], exitedWith(1)).summary).toBe('Gemini CLI ended without a result (exit 1): Quota exceeded');
  });

  it('reads exit code 53 without a result as the session turn limit', () => {
    expect(parse([init, assistantDelta], exitedWith(53))).toMatchObject({
      outcome: 'incomplete',
      summary: "Gemini CLI stopped at its session turn limit (exit 53): Hello! I'm ready to help. What can I do for you?",
    });
  });
});
