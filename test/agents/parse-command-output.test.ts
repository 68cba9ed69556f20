import { describe, expect, it } from '@jest/globals';
import { createCommandParser, readUsageTags } from '../../agents/parse-command-output.js';
import { CANCELLED, exitedWith, feed, TIMED_OUT } from './support/samples.js';

const parse = (stdout: readonly string[], exit = exitedWith(0), stderr: readonly string[] = []) => feed(feed(createCommandParser(), stdout), stderr, 'stderr').finish(exit);

describe('createCommandParser', () => {
  it('takes a marker anywhere in stdout first, even over a failed exit', () => {
    expect(parse(['<blocked>no GPU here</blocked>', 'cleanup done'], exitedWith(2))).toMatchObject({ outcome: 'failed', blockedReason: 'no GPU here' });
    expect(parse(['<decision>', 'Which license?', '</decision>'])).toMatchObject({ outcome: 'needs_decision', question: 'Which license?' });
    expect(parse(['<promise>COMPLETE</promise>', 'bye']).outcome).toBe('success');
  });

  it('without a marker: exit 0 is success, anything else an agent error with the stderr tail', () => {
    expect(parse(['did the thing'])).toEqual({ outcome: 'success', summary: 'did the thing', usage: { inputTokens: 0, outputTokens: 0, costUsd: null } });
    expect(parse(['half done'], exitedWith(3), ['fatal: not a git repository'])).toMatchObject({
      outcome: 'agent_error',
      summary: 'The command failed (exit 3): fatal: not a git repository',
    });
    expect(parse(['only stdout'], { exitCode: null, signal: 'SIGSEGV', timedOut: false, cancelled: false }).summary).toBe('The command failed (signal SIGSEGV): only stdout');
  });

  it('sums the usage tags and leaves them out of the summary', () => {
    const run = parse([
      'step 1 <usage>{"inputTokens":100,"outputTokens":20,"costUsd":0.01}</usage>',
      '<usage>{"inputTokens":50,"outputTokens":5}</usage>',
      '<usage>not json</usage> <usage>{"inputTokens":1,"outputTokens":1,"costUsd":0.005}</usage>',
      'done',
    ]);
    expect(run.usage).toEqual({ inputTokens: 151, outputTokens: 26, costUsd: 0.015 });
    expect(run.summary).toBe('step 1\n\n\ndone');
  });

  it('keeps the end of a long output as the summary', () => {
    const run = parse([...Array.from({ length: 500 }, (_, i) => `line ${i} of noisy build output`), 'FINISHED']);
    expect(run.summary.endsWith('FINISHED')).toBe(true);
    expect(run.summary.startsWith('…')).toBe(true);
    expect(run.summary).toHaveLength(2000);
  });

  it('keeps the last megabyte of a huge output, where the marker is', () => {
    const lines = [...Array.from({ length: 40_000 }, (_, i) => `${i} ${'y'.repeat(60)}`), '<decision>Ship it?</decision>'];
    const run = parse(['<blocked>an early line that scrolls away</blocked>', ...lines]);
    expect(run).toMatchObject({ outcome: 'needs_decision', question: 'Ship it?' });
    expect(run.summary.endsWith(`39999 ${'y'.repeat(60)}`)).toBe(true);
  });

  it('says timeout or cancelled whatever the output holds', () => {
    expect(parse(['<promise>COMPLETE</promise>'], TIMED_OUT).outcome).toBe('timeout');
    expect(parse(['<promise>COMPLETE</promise>'], CANCELLED).outcome).toBe('cancelled');
  });
});

describe('readUsageTags', () => {
  it('returns undefined for a line without a usable tag', () => {
    expect(readUsageTags('no tags')).toBeUndefined();
    expect(readUsageTags('<usage>[1,2]</usage> <usage>{"inputTokens":</usage>')).toBeUndefined();
  });

  it('treats missing numbers as zero and a missing cost as unknown', () => {
    expect(readUsageTags('<usage>{"outputTokens":7}</usage>')).toEqual({ inputTokens: 0, outputTokens: 7, costUsd: null });
  });
});
