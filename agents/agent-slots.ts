/**
 * The agent slots of one worker process: how many agents it runs at once, shared by the queues
 * it takes tasks from. A task holds a slot from the moment it is granted until its agent loop
 * ends; waiters are served in the order they asked.
 */
export function createAgentSlots(total: number) {
  if (!Number.isInteger(total) || total < 1) throw new RangeError(`agent slots must be a positive integer, got ${total}`);
  const holders = new Map<string, string>();
  const waiters: (() => void)[] = [];
  let releaseAll!: () => void;
  const released = new Promise<void>((resolve) => (releaseAll = resolve));
  return {
    total,
    /** Resolves when the worker stops: the tasks' slot activities end, so its shutdown is not held up by them. */
    released,
    /** Lets every slot go (the worker stops; a task keeps running, its later steps elsewhere or on the next process). */
    releaseAll: () => releaseAll(),
    used: () => holders.size,
    /** Task ids holding a slot, with when they got it. */
    running: () => [...holders].map(([taskId, since]) => ({ taskId, since })),
    /**
     * Resolves once `taskId` holds a slot (at once if it already does); rejects with the signal's
     * reason when aborted first. Returns the release function.
     */
    async acquire(taskId: string, signal?: AbortSignal): Promise<() => void> {
      while (!holders.has(taskId) && holders.size >= total) {
        await new Promise<void>((resolve, reject) => {
          const wake = () => {
            signal?.removeEventListener('abort', abort);
            resolve();
          };
          const abort = () => {
            waiters.splice(waiters.indexOf(wake), 1);
            reject(signal!.reason as Error);
          };
          if (signal?.aborted) return reject(signal.reason as Error);
          signal?.addEventListener('abort', abort, { once: true });
          waiters.push(wake);
        });
      }
      if (!holders.has(taskId)) holders.set(taskId, new Date().toISOString());
      return () => {
        if (holders.delete(taskId)) waiters.shift()?.();
      };
    },
  };
}

export type AgentSlots = ReturnType<typeof createAgentSlots>;
