import { AgentOutcome, type Usage } from '../model/agent-outcome.js';
import type { OutputParser } from './agent-adapter.js';
import type { ProcessExit } from '../process/run-process.js';
import { concludeRun, withDetail, type RunFailure } from './conclude-run.js';
import { numberField, objectField, parseJsonLine, stringField, type JsonObject } from './json-line.js';
import { createLineTail } from '../process/line-tail.js';
import { describeCommandEnd } from '../process/describe-command-end.js';

/** The message of an `error` event: `{ error: { name, data: { message } } }`, or whatever of it is there. */
function describeError(event: JsonObject): string {
  const error = objectField(event, 'error');
  const message = stringField(objectField(error, 'data'), 'message') ?? stringField(error, 'message');
  const name = stringField(error, 'name');
  return [name, message].filter(Boolean).join(': ') || 'no message';
}

/**
 * Returns a parser for `opencode run --format json`: every event carries the session id; `text`
 * parts build the step's text, which restarts at each `step_start`; `step_finish` parts carry the
 * step's tokens and cost (summed); an `error` event is a failure. A run with no finished step and
 * no error means OpenCode died. A cost of 0 with tokens spent means OpenCode knows no price for the
 * model: it is left for the price table.
 */
export function createOpencodeParser(): OutputParser {
  let sessionId: string | undefined;
  let text = '';
  let finishedSteps = 0;
  let lastError: string | undefined;
  const usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cost: 0 };
  const stderr = createLineTail();
  const otherStdout = createLineTail();

  function finishStep(part: JsonObject | undefined): void {
    const tokens = objectField(part, 'tokens');
    const cache = objectField(tokens, 'cache');
    const read = numberField(cache, 'read') ?? 0;
    const write = numberField(cache, 'write') ?? 0;
    usage.inputTokens += (numberField(tokens, 'input') ?? 0) + read + write;
    usage.outputTokens += (numberField(tokens, 'output') ?? 0) + (numberField(tokens, 'reasoning') ?? 0);
    usage.cacheReadTokens += read;
    usage.cacheWriteTokens += write;
    usage.cost += numberField(part, 'cost') ?? 0;
    finishedSteps += 1;
  }

  function failure(exit: ProcessExit): RunFailure | undefined {
    if (lastError !== undefined) return { outcome: AgentOutcome.agentError, summary: withDetail('OpenCode reported an error', lastError) };
    if (finishedSteps > 0) return undefined;
    return { outcome: AgentOutcome.agentError, summary: withDetail(`OpenCode ended without finishing a step (${describeCommandEnd(exit)})`, stderr.text() || otherStdout.text()) };
  }

  return {
    push(line, stream) {
      if (stream === 'stderr') return stderr.push(line);
      const event = parseJsonLine(line);
      if (!event) return otherStdout.push(line);
      sessionId = stringField(event, 'sessionID') ?? sessionId;
      const part = objectField(event, 'part');
      switch (event.type) {
        case 'step_start':
          text = '';
          break;
        case 'text':
          text += stringField(part, 'text') ?? '';
          break;
        case 'step_finish':
          finishStep(part);
          break;
        case 'error':
          lastError = describeError(event);
          break;
        default:
      }
    },
    finish(exit) {
      const spent = usage.inputTokens + usage.outputTokens > 0;
      const reported: Usage = {
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        cacheReadTokens: usage.cacheReadTokens,
        cacheWriteTokens: usage.cacheWriteTokens,
        costUsd: usage.cost > 0 || !spent ? usage.cost : null,
      };
      return concludeRun({ finalText: text || undefined, failure: failure(exit), usage: reported, sessionId }, exit);
    },
  };
}
