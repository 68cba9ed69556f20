import { describe, expect, it } from '@jest/globals';
import { spawnedWorkerId, tmuxArgv, tmuxSessionName, workerArgv } from '../../supervisor/spawned-worker-command.js';

describe('spawned worker command lines', () => {
  it('derives a fresh host id from the parent, within the 40 characters host ids keep', () => {
    expect(spawnedWorkerId('build-box-k3x9q2', 'a1b2')).toBe('build-box-k3x9q2-wa1b2');
    const long = spawnedWorkerId('a-very-long-host-name-that-goes-on-and-on-xyz123', 'zz99');
    expect(long).toBe('a-very-long-host-name-that-goes-on-wzz99');
    expect(long.length).toBeLessThanOrEqual(40);
    // No double dash where the parent id was cut.
    expect(spawnedWorkerId('abcdefghijklmnopqrstuvwxyz0123456-789', '0000')).toBe('abcdefghijklmnopqrstuvwxyz0123456-w0000');
  });

  it('names the tmux session after the worker', () => {
    expect(tmuxSessionName('host-wab12')).toBe('ringmaster-host-wab12');
    expect(tmuxSessionName('a.b:c')).toBe('ringmaster-a-b-c');
  });

  it('runs `ringmaster worker` with its host id, slots and labels as an argv array', () => {
    expect(workerArgv({ node: '/usr/bin/node', entry: '/r/dist/cli/main.js', id: 'h-w1', slots: 3, capabilities: ['gpu', 'languages=python'] })).toEqual([
      '/usr/bin/node',
      '/r/dist/cli/main.js',
      'worker',
      '--host-id',
      'h-w1',
      '--slots',
      '3',
      '--labels',
      'gpu,languages=python',
    ]);
    expect(workerArgv({ node: 'node', entry: 'main.js', id: 'h', slots: 2, capabilities: [] })).toEqual(['node', 'main.js', 'worker', '--host-id', 'h', '--slots', '2']);
  });

  it('starts tmux detached with only the path of the environment file on its command line, and the argv after --', () => {
    const argv = tmuxArgv('ringmaster-h', '/data/run/ringmaster-h.env.json', ['node', 'main.js', 'worker']);
    expect(argv).toEqual([
      'new-session',
      '-d',
      '-s',
      'ringmaster-h',
      '-x',
      '200',
      '-y',
      '50',
      '-P',
      '-F',
      '#{pane_pid}',
      '-e',
      'RINGMASTER_ENV_FILE=/data/run/ringmaster-h.env.json',
      '--',
      'node',
      'main.js',
      'worker',
    ]);
  });
});
