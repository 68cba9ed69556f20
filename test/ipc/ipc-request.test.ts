import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { askOverIpc, awaitIpcMessage } from '../../ipc/ipc-request.js';

// Real processes at both ends of a real IPC channel: the one request/reply every hop uses.

const BUILT_MODULE = fileURLToPath(new URL('../../dist/ipc/ipc-request.js', import.meta.url));

let children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  children = [];
});

function node(script: string, ipc = true): ChildProcess {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'inherit', ...(ipc ? (['ipc'] as const) : [])] });
  children.push(child);
  return child;
}

type Answer = { type: 'answer'; id: string; value: number };
const answerTo = (id: string) => (message: unknown) => {
  const answer = message as Partial<Answer> | null;
  return answer?.type === 'answer' && answer.id === id ? (answer as Answer) : undefined;
};
const options = (id: string, timeoutMs?: number) => ({ read: answerTo(id), timeoutMs, fail: (reason: string) => new Error(`ask: ${reason}`), peer: 'the echo' });

describe('askOverIpc', () => {
  it('resolves with the answer to its own request, whatever else arrives first', async () => {
    const echo = node(
      `process.on('message', (m) => { process.send({ type: 'answer', id: 'other', value: 0 }); process.send({ type: 'noise' }); process.send({ type: 'answer', id: m.id, value: m.value * 2 }); });`,
    );
    await expect(askOverIpc(echo, { id: 'a', value: 21 }, options('a'))).resolves.toEqual({ type: 'answer', id: 'a', value: 42 });
    // Its listeners are gone once it answered: the next request gets its own answer.
    await expect(askOverIpc(echo, { id: 'b', value: 5 }, options('b'))).resolves.toMatchObject({ value: 10 });
    expect(echo.listenerCount('message')).toBe(0);
    expect(echo.listenerCount('exit')).toBe(0);
  });

  it('fails in its caller`s words without a channel, when the other end goes away, and at the timeout', async () => {
    await expect(askOverIpc(node('setTimeout(() => {}, 5000)', false), {}, options('a'))).rejects.toThrow('ask: there is no IPC channel to the echo');
    await expect(askOverIpc(undefined, {}, options('a'))).rejects.toThrow('ask: there is no IPC channel to the echo');
    await expect(askOverIpc(node(`process.on('message', () => process.exit(3));`), {}, options('a'))).rejects.toThrow('ask: the echo went away before it answered');
    await expect(askOverIpc(node(`process.on('message', () => {});`), {}, options('a', 300))).rejects.toThrow('ask: no answer from the echo within 300 ms');
  });

  it('asks its parent from a child, through parentChannel', async () => {
    const child = node(
      `import { askOverIpc, parentChannel } from ${JSON.stringify(BUILT_MODULE)};
       const read = (m) => (m.type === 'answer' && m.id === 'up' ? m : undefined);
       const answer = await askOverIpc(parentChannel(), { id: 'up', value: 1 }, { read, timeoutMs: 10000, fail: (r) => new Error(r), peer: 'the parent' });
       process.send({ type: 'result', value: answer.value }, () => process.disconnect());`,
    );
    child.on('message', (message: { id?: string; value?: number }) => {
      if (message.id === 'up') child.send({ type: 'answer', id: 'up', value: message.value! + 99 });
    });
    const result = await awaitIpcMessage(child, {
      read: (m) => ((m as { type?: string }).type === 'result' ? (m as { value: number }) : undefined),
      timeoutMs: 10_000,
      fail: (r) => new Error(r),
      peer: 'the child',
    });
    expect(result.value).toBe(100);
  });
});
