import { describe, expect, it } from '@jest/globals';
import { describeCommandEnd, PROJECT_COMMAND_TIMEOUT_MS } from '../../process/describe-command-end.js';

describe('describeCommandEnd', () => {
  const exit = { exitCode: null, signal: null, timedOut: false, cancelled: false };

  it('names an exit code, a signal, a time limit or a start error', () => {
    expect(describeCommandEnd({ ...exit, exitCode: 2 })).toBe('exit 2');
    expect(describeCommandEnd({ ...exit, signal: 'SIGKILL' })).toBe('signal SIGKILL');
    expect(describeCommandEnd({ ...exit, signal: 'SIGKILL', timedOut: true })).toBe('timed out after 60 minutes');
    expect(describeCommandEnd(exit)).toBe('no exit status');
    expect(describeCommandEnd({ startError: 'cannot start npm: not found' })).toBe('cannot start npm: not found');
  });

  it('says the limit the command had', () => {
    expect(PROJECT_COMMAND_TIMEOUT_MS).toBe(60 * 60_000);
    expect(describeCommandEnd({ ...exit, timedOut: true }, 60_000)).toBe('timed out after 1 minute');
    expect(describeCommandEnd({ ...exit, timedOut: true }, 2500)).toBe('timed out after 2.5 s');
  });
});
