import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { ApiReloadError, requestApiReload } from '../../ipc/api-ipc-client.js';

// Real child processes standing in for a primary that misbehaves: silent, gone, refusing.

let children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  children = [];
});

function node(script: string, ipc = true): ChildProcess {
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'inherit', ...(ipc ? (['ipc'] as const) : [])] });
  children.push(child);
  return child;
}

describe('requestApiReload', () => {
  it('needs an IPC channel', async () => {
    await expect(requestApiReload(node('setTimeout(() => {}, 5000)', false), '/x/main.js')).rejects.toThrow('the API process has no IPC channel');
  });

  it('resolves with the pid the primary names, ignoring replies to other requests', async () => {
    const child = node(`process.on('message', (m) => {
      process.send({ type: 'api:reloaded', requestId: 'someone-else', ok: false, error: 'not yours' });
      process.send({ type: 'api:reloaded', requestId: m.requestId, ok: true, pid: 4242 });
    });`);
    await expect(requestApiReload(child, '/x/main.js')).resolves.toEqual({ pid: 4242 });
  });

  it('rejects with the reason the primary gave', async () => {
    const child = node(`process.on('message', (m) => process.send({ type: 'api:reloaded', requestId: m.requestId, ok: false, error: 'the worker exited with code 1' }));`);
    const refused = requestApiReload(child, '/x/main.js');
    await expect(refused).rejects.toThrow(ApiReloadError);
    await expect(refused).rejects.toThrow('reload to /x/main.js: the worker exited with code 1');
  });

  it('rejects when the process goes away or stays silent', async () => {
    await expect(requestApiReload(node(`process.on('message', () => process.exit(3));`), '/x/main.js')).rejects.toThrow('the API process went away before it answered');
    await expect(requestApiReload(node(`process.on('message', () => {});`), '/x/main.js', { timeoutMs: 300 })).rejects.toThrow('no answer from the API process within 300 ms');
  });
});
