import { describe, expect, it } from '@jest/globals';
import { parseApiReadyMessage, parseApiReloadReply, parseApiReloadRequest } from '../../../ipc/api-reload-protocol.js';
import { parseDrainWorkerMessage, parseWorkerFailedMessage, workerFailedMessage } from '../../../api/cluster/worker-protocol.js';
import { describeExit } from '../../../api/cluster/api-worker-process.js';

describe('the parent ↔ primary messages', () => {
  it('reads a reload request', () => {
    expect(parseApiReloadRequest({ type: 'api:reload', requestId: 'r1', entry: '/opt/rel/dist/cli/main.js' })).toEqual({
      ok: true,
      request: { type: 'api:reload', requestId: 'r1', entry: '/opt/rel/dist/cli/main.js' },
    });
  });

  it.each([
    [{ type: 'api:reload', requestId: 'r2', entry: 'dist/cli/main.js' }, 'entry must be the absolute path of a CLI entry file, got "dist/cli/main.js"'],
    [{ type: 'api:reload', requestId: 'r2' }, 'entry must be the absolute path of a CLI entry file, got undefined'],
  ])('refuses %j, naming the field', (message, error) => {
    expect(parseApiReloadRequest(message)).toEqual({ ok: false, requestId: 'r2', error });
  });

  it.each([[null], ['api:reload'], [{ type: 'worker:reload', requestId: 'x', entry: '/a' }], [{ type: 'api:reload', entry: '/a' }]])(
    'ignores %j (not a reload request, or nothing to answer to)',
    (message) => {
      expect(parseApiReloadRequest(message)).toBeUndefined();
    },
  );

  it('matches a reply to its request id only', () => {
    expect(parseApiReloadReply({ type: 'api:reloaded', requestId: 'a', ok: true, pid: 42 }, 'a')).toEqual({ type: 'api:reloaded', requestId: 'a', ok: true, pid: 42 });
    expect(parseApiReloadReply({ type: 'api:reloaded', requestId: 'b', ok: true, pid: 42 }, 'a')).toBeUndefined();
    expect(parseApiReloadReply({ type: 'api:reloaded', requestId: 'a', ok: false, error: 'no' }, 'a')).toMatchObject({ ok: false, error: 'no' });
    expect(parseApiReloadReply({ type: 'api:reloaded', requestId: 'a', ok: true }, 'a')).toMatchObject({ ok: false });
  });

  it('reads the ready message', () => {
    expect(parseApiReadyMessage({ type: 'api:ready', pid: 7, url: 'http://127.0.0.1:1' })).toEqual({ type: 'api:ready', pid: 7, url: 'http://127.0.0.1:1' });
    expect(parseApiReadyMessage({ type: 'api:ready', pid: '7', url: 'x' })).toBeUndefined();
  });
});

describe('the primary ↔ worker messages', () => {
  it('reads a drain request, defaulting closeIdle to false', () => {
    expect(parseDrainWorkerMessage({ type: 'api-worker:drain', deadlineMs: 30_000, closeIdle: true })).toEqual({ type: 'api-worker:drain', deadlineMs: 30_000, closeIdle: true });
    expect(parseDrainWorkerMessage({ type: 'api-worker:drain', deadlineMs: 5 })).toEqual({ type: 'api-worker:drain', deadlineMs: 5, closeIdle: false });
    expect(parseDrainWorkerMessage({ type: 'api-worker:drain', deadlineMs: -1 })).toBeUndefined();
    expect(parseDrainWorkerMessage({ type: 'api-worker:drain' })).toBeUndefined();
    expect(parseDrainWorkerMessage('drain')).toBeUndefined();
  });

  it('round-trips a worker failure, keeping the error class name', () => {
    class MigrationError extends Error {
      override readonly name = 'MigrationError';
    }
    const sent = workerFailedMessage(new MigrationError('the database is at migration 9999'));
    expect(parseWorkerFailedMessage(JSON.parse(JSON.stringify(sent)))).toEqual({
      type: 'api-worker:failed',
      error: { name: 'MigrationError', message: 'the database is at migration 9999' },
    });
    expect(parseWorkerFailedMessage({ type: 'api-worker:failed', error: {} })).toBeUndefined();
  });

  it('describes an exit', () => {
    expect(describeExit({ code: 1, signal: null })).toBe('exited with code 1');
    expect(describeExit({ code: null, signal: 'SIGKILL' })).toBe('was killed by SIGKILL');
  });
});
