import { describe, expect, it } from '@jest/globals';
import { createAiderParser, parseAiderCount } from '../../agents/parse-aider-output.js';
import { aiderSessionLines, CANCELLED, exitedWith, feed, sampleLines, TIMED_OUT } from './support/samples.js';

const parse = (input: readonly string[], exit = exitedWith(0)) => feed(createAiderParser(), input).finish(exit);
const session = (startedAt: string, exit = exitedWith(0)) => parse(aiderSessionLines(startedAt), exit);

const captured = (name: string) => sampleLines('aider', `ringmaster-capture-0.86.2__${name}.txt`);

describe('createAiderParser on the output captured from aider 0.86.2', () => {
  it('reads an edit run: the answer after the start-up banner and its notes, tokens and the session cost', () => {
    expect(parse(captured('edit-success-complete'))).toEqual({
      outcome: 'success',
      summary: 'I will create the file.\n\nproof.txt\n```\n<<<<<<< SEARCH\n=======\nmade-by-aider\n>>>>>>> REPLACE\n```\n\nDone.',
      usage: { inputTokens: 3000, outputTokens: 40, costUsd: 0.0079 },
    });
  });

  it.each([
    [
      'http-500',
      'agent_error',
      "Aider's model call failed: litellm.InternalServerError: InternalServerError: OpenAIException - The server had an error while processing your request The API provider's servers are down or overloaded.",
    ],
    [
      'http-401',
      'agent_error',
      "Aider's model call failed: litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided The API provider is not able to authenticate you. Check your API key.",
    ],
    [
      'http-429',
      'rate_limited',
      "Aider's model call failed: litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o. Please try again in 20s. The API provider has rate limited you. Try again later or check your quotas.",
    ],
  ])('reads the failed call of %s as %s', (file, outcome, summary) => {
    expect(parse(captured(file))).toMatchObject({ outcome, summary });
  });

  it('asks to be stopped at a rate limit, and after two retries of another error, never on a good run', () => {
    const stopsAfter = (lines: readonly string[]) => {
      const parser = createAiderParser();
      for (const line of lines) {
        parser.push(line, 'stdout');
        if (parser.wantsStop?.()) return line;
      }
      return undefined;
    };
    expect(stopsAfter(captured('http-429'))).toMatch(/^litellm\.RateLimitError: /);
    expect(stopsAfter(captured('http-500'))).toBe('Retrying in 1.0 seconds...');
    expect(stopsAfter(captured('http-401'))).toBeUndefined();
    expect(stopsAfter(captured('edit-success-complete'))).toBeUndefined();
  });

  it('keeps stderr out of the answer', () => {
    const parser = createAiderParser();
    parser.push('Warning: Input is not a terminal (fd=0).', 'stderr');
    parser.push('Done.', 'stdout');
    parser.push('Tokens: 10 sent, 2 received.', 'stdout');
    expect(parser.finish(exitedWith(0)).summary).toBe('Done.');
  });
});

describe('createAiderParser on recorded sessions', () => {
  it('reads an edit session: the answer before the Tokens line, tokens and the session cost', () => {
    const run = session('2024-08-05 19:33:32');
    expect(run.outcome).toBe('incomplete');
    expect(run.summary).toMatch(/^Certainly! I'll modify the `run_install` function/);
    expect(run.summary).toContain('<<<<<<< SEARCH');
    // The answer is longer than a summary: its head is kept.
    expect(run.summary).toHaveLength(2000);
    expect(run.usage).toEqual({ inputTokens: 5_244, outputTokens: 604, costUsd: 0.02 });
    expect(run.sessionId).toBeUndefined();
  });

  it('keeps the answer, not the status lines that follow it', () => {
    const run = session('2024-08-05 20:39:59');
    expect(run.summary).toMatch(/^It seems like you want to change the greeting/);
    expect(run.summary).toMatch(/Please add these files to the chat so I can assist you further!$/);
    expect(run.usage).toEqual({ inputTokens: 12_566, outputTokens: 84, costUsd: 0.0019 });
  });

  it('reports an API error with no answer after it as an agent error, though aider exits 0', () => {
    const run = session('2024-08-06 15:19:02');
    expect(run).toEqual({
      outcome: 'agent_error',
      summary: "Aider's model call failed: BadRequestError: litellm.BadRequestError: LLM Provider NOT provided. Pass in the LLM provider you are trying to call. You passed model=gpt-4o-2024-08-06",
      usage: { inputTokens: 0, outputTokens: 0, costUsd: null },
    });
  });

  it('reports errors that retries never got past', () => {
    const run = session('2024-08-08 14:53:29');
    expect(run.outcome).toBe('agent_error');
    expect(run.summary).toBe(`Aider's model call failed: litellm.APIConnectionError: b'{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'`);
  });

  it('forgets an API error once a retry succeeded, and drops the traceback from the answer', () => {
    const run = session('2024-08-08 14:53:16');
    expect(run.outcome).toBe('incomplete');
    expect(run.summary).toMatch(/^Bonjour! Je comprends/);
    expect(run.summary).not.toMatch(/Traceback|litellm/);
    expect(run.usage).toEqual({ inputTokens: 1_497, outputTokens: 57, costUsd: 0.0053 });
  });

  it('reads token lines with cache parts', () => {
    expect(session('2024-08-19 13:46:54').usage).toEqual({ inputTokens: 21_523, outputTokens: 9, costUsd: 0.003 });
  });

  it('reads a Cost part printed on the line after the Tokens line', () => {
    const run = session('2024-08-19 14:05:21');
    expect(run.usage).toEqual({ inputTokens: 23_172, outputTokens: 9, costUsd: 0.0034 });
    expect(run.summary).toBe('Hello! How can I assist you today?');
  });

  it('reads k-suffixed counts from a newer aider (v0.81 terminal capture)', () => {
    const run = parse(sampleLines('aider', 'coder-agentapi__testdata-format-aider-second_message-msg.txt'));
    expect(run.usage).toEqual({ inputTokens: 8_600, outputTokens: 59, costUsd: 0.03 });
    expect(run.summary).toMatch(/I'm doing well, thank you for asking!/);
  });

  it('reads the completion markers from the last answer', () => {
    const lines = aiderSessionLines('2024-08-19 14:05:21');
    const answer = lines.indexOf('Hello! How can I assist you today?');
    const withMarker = (marker: string) => lines.map((line, index) => (index === answer ? `Updated the parser.\n${marker}` : line));
    expect(parse(withMarker('<promise>COMPLETE</promise>')).outcome).toBe('success');
    expect(parse(withMarker('<decision>Rename the module?</decision>'))).toMatchObject({ outcome: 'needs_decision', question: 'Rename the module?' });
    expect(parse(withMarker('<blocked>tests need Docker</blocked>'))).toMatchObject({ outcome: 'failed', blockedReason: 'tests need Docker' });
  });

  it('reports a non-zero exit (a start-up failure) with the last output', () => {
    expect(parse(['Message file not found: /tmp/prompt-1.md'], exitedWith(1))).toMatchObject({
      outcome: 'agent_error',
      summary: 'Aider failed (exit 1): Message file not found: /tmp/prompt-1.md',
    });
  });

  it('says timeout or cancelled whatever the output holds', () => {
    expect(session('2024-08-05 20:39:59', TIMED_OUT).outcome).toBe('timeout');
    expect(session('2024-08-06 15:19:02', CANCELLED).outcome).toBe('cancelled');
  });
});

describe('createAiderParser on current error wording (from aider/exceptions.py; no recording holds it)', () => {
  it('reports an authentication error with aider explanation', () => {
    const run = parse([
      'Aider v0.86.1',
      'litellm.AuthenticationError: AnthropicException - {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}',
      'The API provider is not able to authenticate you. Check your API key.',
    ]);
    expect(run.outcome).toBe('agent_error');
    expect(run.summary).toMatch(/^Aider's model call failed: litellm.AuthenticationError: .* The API provider is not able to authenticate you\. Check your API key\.$/);
  });

  it('does not take code that mentions litellm for an error', () => {
    const run = parse(['    raise litellm.exceptions.RateLimitError("x")', 'Tokens: 1.2k sent, 3 received.', 'Applied edit to a.py']);
    expect(run.outcome).toBe('incomplete');
    expect(run.usage).toEqual({ inputTokens: 1_200, outputTokens: 3, costUsd: null });
  });
});

describe('parseAiderCount', () => {
  it.each([
    ['42', 42],
    ['5,244', 5_244],
    ['8.6k', 8_600],
    ['12k', 12_000],
    ['1.5M', 1_500_000],
    ['x', 0],
  ])('reads %s as %d', (text, value) => {
    expect(parseAiderCount(text)).toBe(value);
  });
});
