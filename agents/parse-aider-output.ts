import { AgentOutcome } from '../model/agent-outcome.js';
import type { OutputParser } from './agent-adapter.js';
import type { ProcessExit } from '../process/run-process.js';
import { concludeRun, withDetail, type RunFailure } from './conclude-run.js';
import { createLineTail } from '../process/line-tail.js';
import { describeCommandEnd } from '../process/describe-command-end.js';
import { readRateLimit } from '../model/rate-limit.js';

const COUNT = String.raw`[\d.,]+[kKmM]?`;
// "Tokens: 3.0k sent, 1,024 cache write, 9,474 cache hit, 42 received." (cache parts optional).
const TOKENS = new RegExp(String.raw`^Tokens: (${COUNT}) sent(?:, ${COUNT} cache (?:write|hit))*, (${COUNT}) received\.`);
// "Cost: $0.0063 message, $0.0063 session." (before Aug 2024: "request"); may follow Tokens or stand on the next line.
const COST = /Cost: \$([\d.]+) (?:message|request), \$([\d.]+) session\./;
// An exception from litellm as aider prints it: "litellm.RateLimitError: …", "Unexpected error: litellm.…", "BadRequestError: litellm.…".
const API_ERROR = /^(?:Unexpected error: |[A-Za-z]+Error: )?litellm\.[\w.]*(?:Error|Exception)\b/;
// Aider's own explanation printed after an API error.
const API_ERROR_HINT = /^(?:The API provider\b|OpenRouter or the upstream API provider\b)/;
const RETRY = /^Retrying in [\d.]+ seconds/;
// After the model SDK's own retries, aider backs off for about a minute (0.25 s doubling to 32 s)
// holding the agent slot; Ringmaster lets it retry this often, then stops it and retries durably.
export const AIDER_MAX_RETRIES = 2;
// The last lines of aider's start-up banner: nothing before them is the model's answer (start-up
// notes such as a failed price-table download or git identity hints come first).
const BANNER_END = /^(?:Repo-map:|https:\/\/aider\.chat\/HISTORY\.html)/;
// Aider's own status lines: never part of the model's answer.
const TOOL_LINE =
  /^(?:Aider v\d|Main model:|Models?:|Weak model:|Editor model:|Git repo:|Repo-map:|Use \/help|Added .+ to the chat|Applied edit to |Did not apply edit to |Commit [0-9a-f]{7,} |You can use \/undo|Only \d+ reflections allowed)/;

/** Returns a token count as aider prints it ("8.6k", "5,244", "42") as a number. */
export function parseAiderCount(text: string): number {
  const suffix = text.slice(-1).toLowerCase();
  const scale = suffix === 'k' ? 1_000 : suffix === 'm' ? 1_000_000 : 1;
  const digits = scale === 1 ? text : text.slice(0, -1);
  const value = Number(digits.replace(/,/g, ''));
  return Number.isFinite(value) ? Math.round(value * scale) : 0;
}

/**
 * Returns a parser for aider's console output (`--no-pretty --no-stream`). Aider exits 0 even when
 * the model call failed, so an API error with no successful exchange after it is an agent error.
 * The model's last answer (the text before the last Tokens line) is the final message. Tokens are
 * summed over exchanges ("sent" as input, "received" as output); cost is the last session figure.
 */
export function createAiderParser(): OutputParser {
  let pending: string[] = [];
  let lastAnswer: string[] | undefined;
  let apiError: string | undefined;
  let apiErrorHint: string | undefined;
  let inputTokens = 0;
  let outputTokens = 0;
  let sessionCost: number | null = null;
  // Aider's retries since the last successful exchange, and whether it should be stopped now.
  let retries = 0;
  let stop = false;
  const tail = createLineTail();

  function readUsage(line: string): boolean {
    const tokens = TOKENS.exec(line);
    const cost = COST.exec(line);
    if (tokens) {
      inputTokens += parseAiderCount(tokens[1] ?? '0');
      outputTokens += parseAiderCount(tokens[2] ?? '0');
      lastAnswer = pending;
      pending = [];
      // A successful exchange after an error means a retry worked.
      apiError = undefined;
      apiErrorHint = undefined;
      retries = 0;
    }
    if (cost) sessionCost = Number(cost[2]);
    return tokens !== null || cost !== null;
  }

  function failure(exit: ProcessExit): RunFailure | undefined {
    if (apiError !== undefined || apiErrorHint !== undefined) {
      return { outcome: AgentOutcome.agentError, summary: withDetail("Aider's model call failed", [apiError, apiErrorHint].filter(Boolean).join(' ')) };
    }
    if (exit.exitCode === 0) return undefined;
    return { outcome: AgentOutcome.agentError, summary: withDetail(`Aider failed (${describeCommandEnd(exit)})`, tail.text()) };
  }

  return {
    push(raw, stream) {
      const line = raw.trimEnd();
      tail.push(line);
      if (readUsage(line)) return;
      if (BANNER_END.test(line)) {
        pending = [];
        return;
      }
      if (API_ERROR.test(line)) {
        apiError ??= line;
        // A rate limit is waited out by the task workflow, not by aider's backoff.
        if (readRateLimit(line)) stop = true;
      } else if (API_ERROR_HINT.test(line)) apiErrorHint ??= line;
      else if (RETRY.test(line)) {
        retries += 1;
        if (retries > AIDER_MAX_RETRIES) stop = true;
      } else {
        // The model's answer comes on stdout; stderr has aider's warnings ("Input is not a terminal").
        if (stream !== 'stderr' && !TOOL_LINE.test(line)) pending.push(line);
        return;
      }
      // Whatever came before an error or a retry was not the model's answer.
      pending = [];
    },
    wantsStop: () => stop,
    finish(exit) {
      const finalText = (lastAnswer ?? pending).join('\n').trim() || undefined;
      const usage = { inputTokens, outputTokens, costUsd: sessionCost };
      return concludeRun({ finalText, failure: failure(exit), usage }, exit);
    },
  };
}
