import { pino, type Logger } from 'pino';
import type { LogLevel } from './settings.js';

export type { Logger };

/**
 * Returns a pino logger writing JSON lines to stdout, tagged with the process role. The supervisor
 * turns these lines into readable text when it relays them to a terminal.
 */
export function createLogger(role: string, level: LogLevel): Logger {
  return pino({ level, base: { role }, timestamp: pino.stdTimeFunctions.isoTime });
}
