import { describe, expect, it } from '@jest/globals';
import { createCodexParser } from '../../agents/parse-codex-events.js';
import { CANCELLED, exitedWith, feed, sampleLines, TIMED_OUT } from './support/samples.js';

const lines = (n: string) => sampleLines('codex', `jnarowski-agentcmd__stream-output-${n}.jsonl`);
const parse = (input: readonly string[], exit = exitedWith(0)) => feed(createCodexParser(), input).finish(exit);

/** A recorded run whose last agent message says `text`: shapes no recording holds, on real events. */
function withFinalMessage(text: string): string[] {
  return lines('1').map((line) => line.replace('"text":"4"', `"text":${JSON.stringify(text)}`));
}

const captured = (name: string) => sampleLines('codex', `ringmaster-capture-0.171.0__${name}.jsonl`);

describe('createCodexParser on streams captured from Codex 0.171.0', () => {
  it('reads a run that used its shell tool and finished, past the unknown-model warning item', () => {
    expect(parse(captured('exec-tool-success-complete'))).toEqual({
      outcome: 'success',
      summary: 'Wrote proof.txt.',
      usage: { inputTokens: 2200, outputTokens: 50, cacheReadTokens: 800, costUsd: null },
      sessionId: '01a23eb4-249e-7461-bcdb-a5b355d49417',
    });
  });

  it.each([
    ['http-500', 'agent_error', 'Codex reported a failed turn: We’re currently experiencing high demand, which may cause temporary errors.'],
    ['http-401', 'agent_error', 'Codex reported a failed turn: unexpected status 401 Unauthorized: Incorrect API key provided, url: http://127.0.0.1:39211/v1/responses'],
    ['http-429', 'rate_limited', 'Codex reported a failed turn: exceeded retry limit, last status: 429 Too Many Requests'],
  ])('reads the failed turn of %s as %s', (file, outcome, summary) => {
    expect(parse(captured(file), exitedWith(1))).toMatchObject({ outcome, summary });
  });
});

describe('createCodexParser on recorded streams', () => {
  it.each([
    ['1', '4', 2946, 0, 7, '019a2d7a-41c4-78b1-b7cc-a45d62a89cd5'],
    ['2', 'Files here: `stream-output-1.jsonl`, `stream-output-2.jsonl`, `test.js`.', 6040, 4992, 129, '019a2d7a-6455-7170-a661-c6d8b94c630a'],
    ['3', 'Created `hello.txt` containing `Hello from Codex`.', 6008, 4096, 51, '019a2d7a-8e1c-7111-b1a6-8cec551a55a0'],
    [
      '4',
      "`test.js` simply contains `console.log('Hello World');`, so running it will print the string “Hello World” to the standard output.",
      6087,
      5120,
      204,
      '019a2d7b-231d-7290-acc1-6bc6571440da',
    ],
  ])('reads run %s: the last agent message, turn usage with its cached input (no cost) and the thread id', (file, message, input, cached, output, thread) => {
    expect(parse(lines(file))).toEqual({
      outcome: 'incomplete',
      summary: message,
      usage: { inputTokens: input, outputTokens: output, cacheReadTokens: cached, costUsd: null },
      sessionId: thread,
    });
  });

  it('keeps only the last agent message when the run had reasoning and commands in between', () => {
    expect(parse(lines('5')).summary).toMatch(/^Found 1 text file `hello.txt`/);
  });

  it('treats a stream with no turn.completed or turn.failed as a dead process', () => {
    const run = parse(lines('multi-1'), { exitCode: null, signal: 'SIGKILL', timedOut: false, cancelled: false });
    expect(run).toEqual({
      outcome: 'agent_error',
      summary: 'Codex ended without finishing its turn (signal SIGKILL)',
      usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, costUsd: null },
      sessionId: '019a2d7b-c0ed-75a0-8908-de832785d47f',
    });
  });

  it('adds the stderr tail when Codex dies without an event saying why', () => {
    const parser = feed(createCodexParser(), lines('multi-1'));
    parser.push('Error: stream disconnected before completion', 'stderr');
    expect(parser.finish(exitedWith(1)).summary).toBe('Codex ended without finishing its turn (exit 1): Error: stream disconnected before completion');
  });

  it('ignores garbage, unknown event types and truncated JSON', () => {
    const real = lines('2');
    const noisy = ['Reading prompt from stdin...', real[0]!, '{"type":"item.plan.delta","delta":"x"}', real[1]!, real[2]!.slice(0, 40), ...real.slice(2), '{"type":'];
    expect(parse(noisy)).toEqual(parse(real));
  });

  it('reads the completion markers from the last agent message', () => {
    expect(parse(withFinalMessage('Done.\n<promise>COMPLETE</promise>')).outcome).toBe('success');
    expect(parse(withFinalMessage('<decision>Drop Node 18?</decision>'))).toMatchObject({ outcome: 'needs_decision', question: 'Drop Node 18?' });
    expect(parse(withFinalMessage('<blocked>no credentials</blocked>'))).toMatchObject({ outcome: 'failed', blockedReason: 'no credentials' });
  });

  it('says timeout or cancelled whatever the stream holds', () => {
    expect(parse(lines('1'), TIMED_OUT)).toMatchObject({ outcome: 'timeout', summary: 'The agent ran past its time limit and was stopped. Last message: 4' });
    expect(parse(lines('1'), CANCELLED).outcome).toBe('cancelled');
  });
});

describe('createCodexParser on failure events (shapes from the Codex SDK types; no recording holds them)', () => {
  const started = lines('1').slice(0, 2);

  it('reports turn.failed as an agent error with its message', () => {
    const run = parse([...started, '{"type":"error","message":"Re-connecting... 1/5"}', '{"type":"turn.failed","error":{"message":"unexpected status 401 Unauthorized"}}'], exitedWith(1));
    expect(run).toMatchObject({ outcome: 'agent_error', summary: 'Codex reported a failed turn: unexpected status 401 Unauthorized' });
  });

  it('reports the last stream error when the stream ends without a turn result', () => {
    const run = parse([...started, '{"type":"error","message":"stream error: connection reset"}'], exitedWith(1));
    expect(run.summary).toBe('Codex ended without finishing its turn (exit 1): stream error: connection reset');
  });

  it('ignores transient stream errors when the turn completes after them', () => {
    const real = lines('1');
    const run = parse([...real.slice(0, 3), '{"type":"error","message":"Re-connecting... 1/5"}', ...real.slice(3)]);
    expect(run).toEqual(parse(real));
  });
});
