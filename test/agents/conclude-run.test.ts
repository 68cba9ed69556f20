import { describe, expect, it } from '@jest/globals';
import { capText, concludeRun, NO_USAGE } from '../../agents/conclude-run.js';
import { CANCELLED, exitedWith, TIMED_OUT } from './support/samples.js';

describe('concludeRun', () => {
  const usage = { inputTokens: 10, outputTokens: 2, costUsd: 0.01 };

  it('says timeout when the run timed out, whatever the output, and keeps the usage', () => {
    const run = concludeRun({ finalText: 'half way <promise>COMPLETE</promise>', usage, sessionId: 's1' }, TIMED_OUT);
    expect(run).toEqual({
      outcome: 'timeout',
      summary: 'The agent ran past its time limit and was stopped. Last message: half way <promise>COMPLETE</promise>',
      usage,
      sessionId: 's1',
    });
  });

  it('says stalled when the run was stopped for writing nothing', () => {
    const run = concludeRun({ finalText: 'thinking', usage }, { exitCode: null, signal: 'SIGTERM', timedOut: false, cancelled: false, stalled: true });
    expect(run).toMatchObject({ outcome: 'stalled', summary: 'The agent wrote no output for its stall limit and was stopped. Last message: thinking' });
  });

  it('says cancelled when the run was cancelled, even with a failure on record', () => {
    const run = concludeRun({ failure: { outcome: 'agent_error', summary: 'died' }, usage }, CANCELLED);
    expect(run.outcome).toBe('cancelled');
    expect(run.summary).toBe('The task was cancelled while the agent ran.');
  });

  it('puts a structured failure before the markers', () => {
    const run = concludeRun({ finalText: '<promise>COMPLETE</promise>', failure: { outcome: 'budget_exceeded', summary: 'spent' }, usage }, exitedWith(1));
    expect(run).toEqual({ outcome: 'budget_exceeded', summary: 'spent', usage });
  });

  it('reads an agent error that names a rate limit as rate_limited, with its reset', () => {
    const run = concludeRun({ failure: { outcome: 'agent_error', summary: 'Codex reported a failed turn: 429 Too Many Requests, try again in 20s' }, usage }, exitedWith(1));
    expect(run).toEqual({ outcome: 'rate_limited', summary: 'Codex reported a failed turn: 429 Too Many Requests, try again in 20s', usage, rateLimit: { retryAfterSeconds: 20 } });
    // Only errors: a spent budget that mentions a limit stays what it is.
    expect(concludeRun({ failure: { outcome: 'budget_exceeded', summary: 'usage limit of $1' }, usage }, exitedWith(1)).outcome).toBe('budget_exceeded');
  });

  it('maps the markers to success, needs_decision and failed', () => {
    expect(concludeRun({ finalText: 'ok <promise>COMPLETE</promise>', usage }, exitedWith(0)).outcome).toBe('success');
    expect(concludeRun({ finalText: '<decision>Which DB?</decision>', usage }, exitedWith(0))).toMatchObject({ outcome: 'needs_decision', question: 'Which DB?' });
    expect(concludeRun({ finalText: '<blocked>no access</blocked>', usage }, exitedWith(0))).toMatchObject({ outcome: 'failed', blockedReason: 'no access' });
  });

  it('is incomplete without a marker, unless the adapter chose another default', () => {
    expect(concludeRun({ finalText: 'I did a part of it.', usage }, exitedWith(0)).outcome).toBe('incomplete');
    expect(concludeRun({ finalText: 'done', usage }, exitedWith(0), 'success').outcome).toBe('success');
  });

  it('says so when there is no final message', () => {
    expect(concludeRun({ usage: NO_USAGE }, exitedWith(0)).summary).toBe('The agent gave no final message.');
  });

  it('caps a long final message at 2000 characters', () => {
    const run = concludeRun({ finalText: `${'x'.repeat(5000)}<promise>COMPLETE</promise>`, usage }, exitedWith(0));
    expect(run.outcome).toBe('success');
    expect(run.summary).toHaveLength(2000);
    expect(run.summary.endsWith('…')).toBe(true);
  });
});

describe('capText', () => {
  it('keeps the head or the tail', () => {
    expect(capText('  abcdef  ', 4)).toBe('abc…');
    expect(capText('abcdef', 4, 'tail')).toBe('…def');
    expect(capText('abc', 4)).toBe('abc');
  });
});
