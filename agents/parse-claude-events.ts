import { AgentOutcome, type Usage } from '../model/agent-outcome.js';
import type { OutputParser } from './agent-adapter.js';
import type { ProcessExit } from '../process/run-process.js';
import { concludeRun, withDetail, type RunFailure } from './conclude-run.js';
import { arrayField, isObject, numberField, objectField, parseJsonLine, stringField, type JsonObject } from './json-line.js';
import { createLineTail } from '../process/line-tail.js';
import { describeCommandEnd } from '../process/describe-command-end.js';

interface TokenCount {
  input: number;
  output: number;
}

/** Input tokens here include cache reads and writes, like Codex's and Gemini's input counts. */
function tokensOfModelUsage(modelUsage: JsonObject): TokenCount | undefined {
  const models = Object.values(modelUsage).filter(isObject);
  if (models.length === 0) return undefined;
  return models.reduce<TokenCount>(
    (sum, model) => ({
      input: sum.input + (numberField(model, 'inputTokens') ?? 0) + (numberField(model, 'cacheReadInputTokens') ?? 0) + (numberField(model, 'cacheCreationInputTokens') ?? 0),
      output: sum.output + (numberField(model, 'outputTokens') ?? 0),
    }),
    { input: 0, output: 0 },
  );
}

function tokensOfApiUsage(usage: JsonObject | undefined): TokenCount {
  return {
    input: (numberField(usage, 'input_tokens') ?? 0) + (numberField(usage, 'cache_read_input_tokens') ?? 0) + (numberField(usage, 'cache_creation_input_tokens') ?? 0),
    output: numberField(usage, 'output_tokens') ?? 0,
  };
}

/** Cost from the result line; early CLIs called it total_cost, some write-ups cost_usd. */
function costOfResult(result: JsonObject): number | null {
  return numberField(result, 'total_cost_usd') ?? numberField(result, 'total_cost') ?? numberField(result, 'cost_usd') ?? null;
}

function errorsOf(result: JsonObject): string {
  return arrayField(result, 'errors')
    .map((error) => (typeof error === 'string' ? error : JSON.stringify(error)))
    .join('; ');
}

function classifyResult(result: JsonObject, lastMessage: string | undefined): RunFailure | undefined {
  const subtype = stringField(result, 'subtype');
  const terminalReason = stringField(result, 'terminal_reason');
  const reason = errorsOf(result) || stringField(result, 'result');
  if (subtype === 'error_max_budget_usd' || terminalReason === 'budget_exhausted') {
    return { outcome: AgentOutcome.budgetExceeded, summary: withDetail('Claude Code stopped at its spending limit', reason) };
  }
  if (subtype === 'error_max_turns' || terminalReason === 'max_turns') {
    const summary = withDetail('Claude Code stopped at its turn limit', reason);
    return { outcome: AgentOutcome.incomplete, summary: lastMessage ? `${summary}. Last message: ${lastMessage}` : summary };
  }
  // An API failure can arrive as subtype "success" with is_error set (and api_error_status, when HTTP answered).
  if (result.is_error === true || subtype?.startsWith('error')) {
    const status = numberField(result, 'api_error_status');
    const what = [subtype, terminalReason, status !== undefined ? `API status ${status}` : undefined].filter(Boolean).join(', ');
    return { outcome: AgentOutcome.agentError, summary: withDetail(`Claude Code reported an error (${what})`, reason) };
  }
  return undefined;
}

/**
 * Returns a parser for `claude -p --output-format stream-json --verbose`: reads system/init,
 * assistant and result events and ignores every other line. The last `result` line decides;
 * a stream without one means the CLI died or was killed.
 */
export function createClaudeParser(): OutputParser {
  let sessionId: string | undefined;
  // The main model, from the init event.
  let model: string | undefined;
  let result: JsonObject | undefined;
  let lastMessageId: string | undefined;
  let lastMessage: string | undefined;
  // One API message arrives as several assistant lines (one per content block) repeating its usage.
  const usageByMessage = new Map<string, TokenCount>();
  const stderr = createLineTail();
  const otherStdout = createLineTail();

  function readAssistant(event: JsonObject): void {
    const message = objectField(event, 'message');
    const id = stringField(message, 'id') ?? `line-${usageByMessage.size}`;
    usageByMessage.set(id, tokensOfApiUsage(objectField(message, 'usage')));
    const text = arrayField(message, 'content')
      .filter(isObject)
      .filter((block) => block.type === 'text')
      .map((block) => stringField(block, 'text') ?? '')
      .filter((part) => part.trim() !== '')
      .join('\n');
    if (!text) return;
    lastMessage = id === lastMessageId && lastMessage ? `${lastMessage}\n${text}` : text;
    lastMessageId = id;
  }

  function assistantTokens(): TokenCount {
    let input = 0;
    let output = 0;
    for (const tokens of usageByMessage.values()) {
      input += tokens.input;
      output += tokens.output;
    }
    return { input, output };
  }

  // Preference: the result's modelUsage (all models), its usage (main loop only), then the assistant lines.
  function usage(): Usage {
    const apiUsage = objectField(result, 'usage');
    const tokens = tokensOfModelUsage(objectField(result, 'modelUsage') ?? {}) ?? (apiUsage ? tokensOfApiUsage(apiUsage) : assistantTokens());
    return { inputTokens: tokens.input, outputTokens: tokens.output, costUsd: result ? costOfResult(result) : null, ...(model ? { model } : {}) };
  }

  return {
    push(line, stream) {
      if (stream === 'stderr') return stderr.push(line);
      const event = parseJsonLine(line);
      if (!event) return otherStdout.push(line);
      sessionId = stringField(event, 'session_id') ?? sessionId;
      if (event.type === 'system' && event.subtype === 'init') model = stringField(event, 'model') ?? model;
      if (event.type === 'assistant') readAssistant(event);
      else if (event.type === 'result') result = event;
    },
    finish(exit: ProcessExit) {
      const finalText = (result && stringField(result, 'result')) ?? lastMessage;
      const failure = result
        ? classifyResult(result, lastMessage)
        : {
            outcome: AgentOutcome.agentError,
            summary: withDetail(`Claude Code ended without a result (${describeCommandEnd(exit)})`, stderr.text() || otherStdout.text()),
          };
      return concludeRun({ finalText, failure, usage: usage(), sessionId }, exit);
    },
  };
}
