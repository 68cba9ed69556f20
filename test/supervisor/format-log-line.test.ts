import { describe, expect, it } from '@jest/globals';
import { formatLogLine } from '../../supervisor/format-log-line.js';

describe('formatLogLine', () => {
  it('renders a pino line as level, message and fields', () => {
    const line = JSON.stringify({ level: 30, time: '2026-01-01T00:00:00.000Z', pid: 1, hostname: 'h', role: 'worker', msg: 'worker started', taskQueue: 'ringmaster', note: 'two words' });
    expect(formatLogLine(line)).toBe('INFO  worker started taskQueue=ringmaster note="two words"');
  });

  it('shows an error by its message', () => {
    const line = JSON.stringify({ level: 50, msg: 'unhandled error', err: { type: 'Error', message: 'boom', stack: 'Error: boom\n at x' } });
    expect(formatLogLine(line)).toBe('ERROR unhandled error err=boom');
  });

  it.each(['plain text', '{not json', '{"level":"x","msg":"m"}', '{"other":true}'])('leaves %s as it is', (line) => {
    expect(formatLogLine(line)).toBe(line);
  });
});
