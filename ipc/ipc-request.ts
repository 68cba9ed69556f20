/**
 * One end of a Node IPC channel: a child process, a cluster worker, or (through `parentChannel`)
 * this process towards its parent.
 */
export interface IpcChannel {
  readonly connected: boolean;
  send(message: unknown, callback: (error: Error | null) => void): unknown;
  on(event: 'message' | 'disconnect' | 'exit', listener: (...args: unknown[]) => void): unknown;
  off(event: 'message' | 'disconnect' | 'exit', listener: (...args: unknown[]) => void): unknown;
}

/** This process's channel to its parent, or undefined when it was not started with one. */
export function parentChannel(): IpcChannel | undefined {
  if (!process.send || !process.connected) return undefined;
  return {
    get connected() {
      return process.connected;
    },
    send: (message, callback) => process.send!(message, undefined, undefined, callback),
    on: (event, listener) => process.on(event, listener),
    off: (event, listener) => process.off(event, listener),
  };
}

/** How to wait for an answer on a channel. */
export interface AwaitOptions<T> {
  /** What the answer is; undefined for any other message, which is left to other listeners. */
  read: (message: unknown) => T | undefined;
  /** Give up after this long; no limit when undefined. */
  timeoutMs: number | undefined;
  /** The error to reject with: `reason` says what went wrong (gone, no answer, could not send). */
  fail: (reason: string) => Error;
  /** Says who the other end is in the reasons: `the API process`, `the supervisor`. */
  peer: string;
  /** Stops waiting (without settling) when aborted. */
  signal?: AbortSignal;
}

/**
 * Resolves with the first message on `channel` that `read` accepts; rejects with `fail(reason)`
 * when the other end disconnects or exits first, or at the timeout.
 */
export function awaitIpcMessage<T>(channel: IpcChannel, options: AwaitOptions<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      channel.off('message', onMessage);
      channel.off('disconnect', onGone);
      channel.off('exit', onGone);
      options.signal?.removeEventListener('abort', cleanup);
    };
    const onMessage = (message: unknown) => {
      const value = options.read(message);
      if (value === undefined) return;
      cleanup();
      resolve(value);
    };
    const onGone = () => {
      cleanup();
      reject(options.fail(`${options.peer} went away before it answered`));
    };
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            cleanup();
            reject(options.fail(`no answer from ${options.peer} within ${options.timeoutMs} ms`));
          }, options.timeoutMs);
    channel.on('message', onMessage);
    channel.on('disconnect', onGone);
    channel.on('exit', onGone);
    options.signal?.addEventListener('abort', cleanup);
  });
}

/**
 * Sends `request` over `channel` and resolves with the answer `read` picks out (by the request's
 * id); rejects with `fail(reason)` when the channel is closed, the send fails, the other end goes
 * away, or at the timeout. The one request/reply of every IPC hop (API reload, rolling restart,
 * worker spawning).
 */
export async function askOverIpc<T>(channel: IpcChannel | undefined, request: unknown, options: AwaitOptions<T>): Promise<T> {
  if (!channel?.connected) throw options.fail(`there is no IPC channel to ${options.peer}`);
  const unsent = new AbortController();
  const reply = awaitIpcMessage(channel, { ...options, signal: unsent.signal });
  const sent = new Promise<void>((resolve, reject) =>
    channel.send(request, (err) => {
      if (!err) return resolve();
      unsent.abort();
      reject(options.fail(`could not send: ${err.message}`));
    }),
  );
  // A reply can come before the send's callback; a failed send never waits for one.
  const [answer] = await Promise.all([reply, sent]);
  return answer;
}
