import { AgentOutcome } from '../model/agent-outcome.js';
import type { OutputParser } from './agent-adapter.js';
import type { ProcessExit } from '../process/run-process.js';
import { concludeRun, withDetail, type RunFailure } from './conclude-run.js';
import { numberField, objectField, parseJsonLine, stringField, type JsonObject } from './json-line.js';
import { createLineTail } from '../process/line-tail.js';
import { describeCommandEnd } from '../process/describe-command-end.js';

/**
 * Returns a parser for `codex exec --json`: thread.started gives the session id, the last
 * completed agent_message item is the final message, turn.completed carries usage (no cost, no model),
 * turn.failed is a failure. A stream with neither turn.completed nor turn.failed means Codex died.
 */
export function createCodexParser(): OutputParser {
  let sessionId: string | undefined;
  let lastMessage: string | undefined;
  let completedTurns = 0;
  let turnFailure: string | undefined;
  // Stream-level errors; transient ones ("Re-connecting… 1/5") come before a turn that still completes.
  let lastError: string | undefined;
  let inputTokens = 0;
  let outputTokens = 0;
  let cacheReadTokens = 0;
  const stderr = createLineTail();
  const otherStdout = createLineTail();

  function readItem(event: JsonObject): void {
    const item = objectField(event, 'item');
    if (event.type !== 'item.completed' || item?.type !== 'agent_message') return;
    lastMessage = stringField(item, 'text') ?? lastMessage;
  }

  function failure(exit: ProcessExit): RunFailure | undefined {
    if (turnFailure !== undefined) {
      return { outcome: AgentOutcome.agentError, summary: withDetail('Codex reported a failed turn', turnFailure) };
    }
    if (completedTurns > 0) return undefined;
    return {
      outcome: AgentOutcome.agentError,
      summary: withDetail(`Codex ended without finishing its turn (${describeCommandEnd(exit)})`, lastError ?? (stderr.text() || otherStdout.text())),
    };
  }

  return {
    push(line, stream) {
      if (stream === 'stderr') return stderr.push(line);
      const event = parseJsonLine(line);
      if (!event) return otherStdout.push(line);
      switch (event.type) {
        case 'thread.started':
          sessionId = stringField(event, 'thread_id') ?? sessionId;
          break;
        case 'turn.completed': {
          const usage = objectField(event, 'usage');
          inputTokens += numberField(usage, 'input_tokens') ?? 0;
          outputTokens += numberField(usage, 'output_tokens') ?? 0;
          cacheReadTokens += numberField(usage, 'cached_input_tokens') ?? 0;
          completedTurns += 1;
          break;
        }
        case 'turn.failed':
          turnFailure = stringField(objectField(event, 'error'), 'message') ?? 'no message';
          break;
        case 'error':
          lastError = stringField(event, 'message') ?? lastError;
          break;
        default:
          if (typeof event.type === 'string' && event.type.startsWith('item.')) readItem(event);
      }
    },
    finish(exit) {
      const usage = { inputTokens, outputTokens, cacheReadTokens, costUsd: null };
      return concludeRun({ finalText: lastMessage, failure: failure(exit), usage, sessionId }, exit);
    },
  };
}
