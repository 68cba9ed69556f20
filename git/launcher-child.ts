// The launcher's own process (see git/launcher.ts): started by a big process (the worker), it
// runs the short commands that process asks for. Forking copies the forking process's page
// tables, so a spawn from here costs ~1 ms where one from a worker of several hundred MB costs ~10.
import { collectProcess, type CollectRequest } from './collect-process.js';

/** A request of the launcher's protocol: a command and the id its answer carries. */
export interface LaunchMessage extends CollectRequest {
  id: number;
}

let running = 0;
let disconnected = false;

process.on('message', (message: LaunchMessage) => {
  running++;
  void collectProcess(message).then((result) => {
    running--;
    if (process.connected) process.send!({ id: message.id, ...result });
    if (disconnected && running === 0) process.exit(0);
  });
});
// The process that started it is gone: what runs finishes (it may be a commit), then this ends.
process.on('disconnect', () => {
  disconnected = true;
  if (running === 0) process.exit(0);
});
