import { describe, expect, it } from '@jest/globals';
import { createClaudeParser } from '../../agents/parse-claude-events.js';
import { CANCELLED, exitedWith, feed, sampleAsOneLine, sampleLines, sampleText, TIMED_OUT } from './support/samples.js';

const CAPTURE = 'ringmaster-capture-2.1.330__stream-json-';
const lines = (file: string) => sampleLines('claude-code', file);
const parse = (input: readonly string[], exit = exitedWith(0)) => feed(createClaudeParser(), input).finish(exit);

/** A real result line with some fields changed, for shapes no recording holds. */
function changedResult(changes: Record<string, unknown>, drop: string[] = []): string {
  const result = JSON.parse(lines('charlieyou-claude-agent-sdk-gleam__golden-basic_query.ndjson')[2]!) as Record<string, unknown>;
  for (const key of drop) delete result[key];
  return JSON.stringify({ ...result, ...changes });
}

describe('createClaudeParser on recorded streams', () => {
  it('reads a success with the completion promise (CLI 2.1.330)', () => {
    const run = parse(lines(`${CAPTURE}success-complete.jsonl`));
    expect(run).toEqual({
      outcome: 'success',
      summary: 'Added the greeting.',
      usage: { inputTokens: 100, outputTokens: 12, costUsd: 0.00064, model: 'claude-opus-5-5' },
      sessionId: '73a56f26-5b7c-4971-aa27-db3f90ac934f',
    });
  });

  it('reads a success without a marker as incomplete; tokens from result.usage when there is no modelUsage (CLI 2.1.7)', () => {
    const run = parse(lines('charlieyou-claude-agent-sdk-gleam__golden-basic_query.ndjson'));
    expect(run).toEqual({
      outcome: 'incomplete',
      summary: '4',
      // input 10 + cache creation 21,570 + cache read 0
      usage: { inputTokens: 21_580, outputTokens: 25, costUsd: 0.1354875, model: 'claude-opus-4-5-20251101' },
      sessionId: '1d1e46f9-35c7-4834-b529-846d5bb82288',
    });
  });

  it('takes tokens from modelUsage, cache reads and writes included (CLI 2.0.28)', () => {
    const run = parse(lines('jnarowski-agentcmd__docs-cli-claude__stream-json-what-is-2plus2.jsonl'));
    // The model is the init event's.
    expect(run.usage).toEqual({ inputTokens: 3 + 21_588, outputTokens: 5, costUsd: 0.081039, model: 'claude-sonnet-4-5-20250929' });
    expect(run.sessionId).toBe('13a34b05-d65d-4e6e-bb70-00ef7be077a8');
  });

  it('sums modelUsage over every model of the run', () => {
    const run = parse([sampleAsOneLine('claude-code', 'jnarowski-agentcmd__docs-cli-claude__output-format-json-pretty.json')]);
    expect(run.usage).toEqual({ inputTokens: 3 + 4_804 + 3 + 21_588, outputTokens: 200 + 13, costUsd: 0.08264239999999999 });
    expect(run.summary).toBe('2 + 2 = 4');
  });

  it('reads a run with a tool call: init, assistant tool_use, user tool_result, result (CLI 2.1.3)', () => {
    const events = ['system_message', 'assistant_message', 'user_message', 'result_success'].map((name) =>
      sampleAsOneLine('claude-code', `charlieyou-claude-agent-sdk-gleam__fixture-${name}-v2.1.3-pretty.json`),
    );
    const run = parse(events);
    expect(run).toEqual({
      outcome: 'incomplete',
      summary: 'Here are the files in the current directory.',
      usage: { inputTokens: 38 + 28_775 + 31_159, outputTokens: 765, costUsd: 0.24722425, model: 'claude-opus-4-5-20251101' },
      sessionId: '40e7b02d-c0f9-4876-9010-f514d4eb0603',
    });
  });

  it('falls back to the assistant lines for tokens when the result has no usage at all', () => {
    const turns = JSON.parse(sampleText('claude-code', 'anthropics-claude-code-action__test-fixtures-sample-turns.json')) as unknown[];
    const run = parse(turns.map((event) => JSON.stringify(event)));
    expect(run).toEqual({
      outcome: 'incomplete',
      summary: 'Successfully removed debug print statement from file and added review comment to document the change.',
      usage: { inputTokens: 150 + 300 + 225 + 270, outputTokens: 75 + 50 + 80 + 60, costUsd: 0.0347 },
      sessionId: 'sample-session-id',
    });
  });

  it('reads max turns as incomplete, with the CLI reason (exit 1, CLI 2.1.330)', () => {
    const run = parse(lines(`${CAPTURE}error_max_turns.jsonl`), exitedWith(1));
    expect(run.outcome).toBe('incomplete');
    expect(run.summary).toBe('Claude Code stopped at its turn limit: Reached maximum number of turns (1)');
    // One model call (the tool call) before the limit: input 100, output 20.
    expect(run.usage).toEqual({ inputTokens: 100, outputTokens: 20, costUsd: 0.0008, model: 'claude-opus-5-5' });
  });

  it('reads the spending limit as budget_exceeded (exit 1, CLI 2.1.330)', () => {
    const run = parse(lines(`${CAPTURE}error_max_budget_usd.jsonl`), exitedWith(1));
    expect(run.outcome).toBe('budget_exceeded');
    expect(run.summary).toBe('Claude Code stopped at its spending limit: Reached maximum budget ($0.0001)');
    expect(run.usage.costUsd).toBe(0.00064);
  });

  it('reads an API failure reported as subtype success with is_error as an agent error (CLI 2.1.330)', () => {
    const run = parse(lines(`${CAPTURE}api-error-connection-refused.jsonl`), exitedWith(1));
    expect(run.outcome).toBe('agent_error');
    expect(run.summary).toBe('Claude Code reported an error (success, api_error): API Error: Connection refused — a firewall or proxy may be blocking it (ECONNREFUSED)');
    expect(run.sessionId).toBe('782bfecd-05e5-40c2-9597-bb58196b0f73');
  });

  it('reports a usage error printed only on stderr, with the stderr text', () => {
    const parser = feed(createClaudeParser(), lines(`${CAPTURE}without-verbose.stderr.txt`), 'stderr');
    expect(parser.finish(exitedWith(1))).toEqual({
      outcome: 'agent_error',
      summary: 'Claude Code ended without a result (exit 1): Error: When using --print, --output-format=stream-json requires --verbose',
      usage: { inputTokens: 0, outputTokens: 0, costUsd: null },
    });
  });

  it('treats a stream that stops before its result as a dead process, keeping the tokens seen so far', () => {
    const withoutResult = lines(`${CAPTURE}success-complete.jsonl`).slice(0, -1);
    const run = parse(withoutResult, { exitCode: null, signal: 'SIGKILL', timedOut: false, cancelled: false });
    expect(run.outcome).toBe('agent_error');
    expect(run.summary).toBe('Claude Code ended without a result (signal SIGKILL)');
    // Assistant lines carry the usage of message_start: output is 1 there, 12 in the final result.
    expect(run.usage).toEqual({ inputTokens: 100, outputTokens: 1, costUsd: null, model: 'claude-opus-5-5' });
    expect(run.sessionId).toBe('73a56f26-5b7c-4971-aa27-db3f90ac934f');
  });

  it('ignores garbage, unknown event types and truncated JSON between real events', () => {
    const real = lines(`${CAPTURE}success-complete.jsonl`);
    const noisy = [
      'not json at all',
      real[0]!,
      sampleText('claude-code', 'BloopAI-vibe-kanban__claude-rs-test__control_request-can_use_tool.json'),
      '{"type":"rate_limit_event","rate_limit_info":{"status":"allowed"}}',
      real[1]!.slice(0, 80),
      '[1,2,3]',
      '',
      'null',
      real[1]!,
      real[2]!,
    ];
    expect(parse(noisy)).toEqual(parse(real));
  });

  it('says timeout or cancelled whatever the stream holds, with the last message seen', () => {
    const partial = lines(`${CAPTURE}success-complete.jsonl`).slice(0, 2);
    expect(parse(partial, TIMED_OUT)).toMatchObject({
      outcome: 'timeout',
      summary: 'The agent ran past its time limit and was stopped. Last message: Added the greeting.\n\n<promise>COMPLETE</promise>',
    });
    expect(parse(lines(`${CAPTURE}success-complete.jsonl`), CANCELLED).outcome).toBe('cancelled');
  });
});

describe('createClaudeParser on result shapes derived from a recorded result line', () => {
  it('accepts the early cost field names total_cost and cost_usd', () => {
    expect(parse([changedResult({ total_cost: 0.5 }, ['total_cost_usd'])]).usage.costUsd).toBe(0.5);
    expect(parse([changedResult({ cost_usd: 0.25 }, ['total_cost_usd'])]).usage.costUsd).toBe(0.25);
  });

  it('reports an HTTP API failure with its status', () => {
    const line = changedResult({ is_error: true, api_error_status: 529, result: 'API Error: 529 Overloaded' });
    expect(parse([line], exitedWith(1))).toMatchObject({
      outcome: 'agent_error',
      summary: 'Claude Code reported an error (success, API status 529): API Error: 529 Overloaded',
    });
  });

  it('reports error_during_execution with its errors', () => {
    const line = changedResult({ subtype: 'error_during_execution', is_error: true, errors: ['No conversation found with session ID: x'] }, ['result']);
    expect(parse([line], exitedWith(1))).toMatchObject({
      outcome: 'agent_error',
      summary: 'Claude Code reported an error (error_during_execution): No conversation found with session ID: x',
    });
  });

  it('reads decision and blocked markers from the result text', () => {
    expect(parse([changedResult({ result: 'Two options.\n<decision>Keep the v1 API?</decision>' })])).toMatchObject({
      outcome: 'needs_decision',
      question: 'Keep the v1 API?',
    });
    expect(parse([changedResult({ result: '<blocked>No network access</blocked>' })])).toMatchObject({ outcome: 'failed', blockedReason: 'No network access' });
  });

  it('trusts the last result line when there are several', () => {
    const run = parse([changedResult({ result: 'first' }), changedResult({ result: 'second <promise>COMPLETE</promise>' })]);
    expect(run).toMatchObject({ outcome: 'success', summary: 'second' });
  });
});
