import { AgentOutcome } from '../model/agent-outcome.js';
import type { OutputParser } from './agent-adapter.js';
import type { ProcessExit } from '../process/run-process.js';
import { concludeRun, withDetail, type RunFailure } from './conclude-run.js';
import { numberField, objectField, parseJsonLine, stringField, type JsonObject } from './json-line.js';
import { createLineTail } from '../process/line-tail.js';
import { describeCommandEnd } from '../process/describe-command-end.js';

/** Gemini CLI's exit code for "the session reached its turn limit" (FatalTurnLimitedError). */
export const GEMINI_TURN_LIMIT_EXIT_CODE = 53;

function describeError(error: JsonObject | undefined): string | undefined {
  const message = stringField(error, 'message');
  const type = stringField(error, 'type');
  return type && message ? `${type}: ${message}` : (message ?? type);
}

/**
 * Returns a parser for `gemini -o stream-json`: init gives the session id, assistant message
 * events (deltas or whole messages) build the final message, which restarts after each tool event;
 * the result event decides (status and stats; Gemini reports no cost). The init event names the model.
 */
export function createGeminiParser(): OutputParser {
  let sessionId: string | undefined;
  let model: string | undefined;
  let result: JsonObject | undefined;
  let message = '';
  let messageOpen = false;
  let lastError: string | undefined;
  const stderr = createLineTail();
  const otherStdout = createLineTail();

  function readMessage(event: JsonObject): void {
    const content = stringField(event, 'content');
    if (event.role !== 'assistant' || content === undefined) return;
    message = event.delta === true && messageOpen ? message + content : content;
    messageOpen = true;
  }

  function failure(exit: ProcessExit): RunFailure | undefined {
    if (result) {
      if (result.status !== 'error') return undefined;
      return { outcome: AgentOutcome.agentError, summary: withDetail('Gemini CLI reported an error', describeError(objectField(result, 'error'))) };
    }
    if (exit.exitCode === GEMINI_TURN_LIMIT_EXIT_CODE) {
      return { outcome: AgentOutcome.incomplete, summary: withDetail(`Gemini CLI stopped at its session turn limit (${describeCommandEnd(exit)})`, message) };
    }
    return {
      outcome: AgentOutcome.agentError,
      summary: withDetail(`Gemini CLI ended without a result (${describeCommandEnd(exit)})`, lastError ?? (stderr.text() || otherStdout.text())),
    };
  }

  return {
    push(line, stream) {
      if (stream === 'stderr') return stderr.push(line);
      const event = parseJsonLine(line);
      if (!event) return otherStdout.push(line);
      switch (event.type) {
        case 'init':
          sessionId = stringField(event, 'session_id') ?? sessionId;
          model = stringField(event, 'model') ?? model;
          break;
        case 'message':
          readMessage(event);
          break;
        case 'tool_use':
        case 'tool_result':
          messageOpen = false;
          break;
        case 'error':
          if (event.severity !== 'warning') lastError = stringField(event, 'message') ?? lastError;
          break;
        case 'result':
          result = event;
          break;
      }
    },
    finish(exit) {
      const stats = objectField(result, 'stats');
      const cached = numberField(stats, 'cached');
      const usage = {
        inputTokens: numberField(stats, 'input_tokens') ?? 0,
        outputTokens: numberField(stats, 'output_tokens') ?? 0,
        ...(cached !== undefined ? { cacheReadTokens: cached } : {}),
        costUsd: null,
        ...(model ? { model } : {}),
      };
      return concludeRun({ finalText: message || undefined, failure: failure(exit), usage, sessionId }, exit);
    },
  };
}
