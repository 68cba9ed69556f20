import { AgentOutcome, type Usage } from '../model/agent-outcome.js';
import type { OutputParser } from './agent-adapter.js';
import { findCompletionMarker } from './completion-markers.js';
import { capText, concludeRun, withDetail } from './conclude-run.js';
import { isObject, numberField } from './json-line.js';
import { createLineTail } from '../process/line-tail.js';
import { describeCommandEnd } from '../process/describe-command-end.js';

const USAGE_TAG = /<usage>([\s\S]*?)<\/usage>/g;
// Output kept for markers and the summary; beyond it the oldest lines go (markers come at the end).
const MAX_KEPT_CHARS = 1_000_000;

/**
 * Returns the usage reported in `<usage>{"inputTokens":N,"outputTokens":M,"costUsd":X}</usage>`
 * tags on one line, summed; tags that are not such JSON are ignored. Never throws.
 */
export function readUsageTags(line: string): Usage | undefined {
  let found: Usage | undefined;
  for (const match of line.matchAll(USAGE_TAG)) {
    let value: unknown;
    try {
      value = JSON.parse(match[1] ?? '');
    } catch {
      continue;
    }
    if (!isObject(value)) continue;
    const cost = numberField(value, 'costUsd');
    found = {
      inputTokens: (found?.inputTokens ?? 0) + (numberField(value, 'inputTokens') ?? 0),
      outputTokens: (found?.outputTokens ?? 0) + (numberField(value, 'outputTokens') ?? 0),
      costUsd: cost === undefined ? (found?.costUsd ?? null) : (found?.costUsd ?? 0) + cost,
    };
  }
  return found;
}

function addUsage(total: Usage, more: Usage): Usage {
  return {
    inputTokens: total.inputTokens + more.inputTokens,
    outputTokens: total.outputTokens + more.outputTokens,
    costUsd: more.costUsd === null ? total.costUsd : (total.costUsd ?? 0) + more.costUsd,
  };
}

/**
 * Returns a parser for the `command` agent. Markers are read from stdout (its last megabyte); without one,
 * exit 0 is success and anything else an agent error. Usage comes from `<usage>` tags (summed),
 * else zero tokens and no cost. The summary is the end of stdout.
 */
export function createCommandParser(): OutputParser {
  const stdout: string[] = [];
  // stdout[first..] is what is kept; the array is compacted now and then rather than shifted per line.
  let first = 0;
  let keptChars = 0;
  const stderr = createLineTail();
  let usage: Usage = { inputTokens: 0, outputTokens: 0, costUsd: null };

  return {
    push(line, stream) {
      if (stream === 'stderr') return stderr.push(line);
      stdout.push(line);
      keptChars += line.length + 1;
      while (keptChars > MAX_KEPT_CHARS && first < stdout.length - 1) keptChars -= (stdout[first++] ?? '').length + 1;
      if (first > 1024 && first * 2 > stdout.length) {
        stdout.splice(0, first);
        first = 0;
      }
      const reported = readUsageTags(line);
      if (reported) usage = addUsage(usage, reported);
    },
    finish(exit) {
      const text = stdout.slice(first).join('\n').replace(USAGE_TAG, '');
      const failure =
        findCompletionMarker(text) || exit.exitCode === 0
          ? undefined
          : { outcome: AgentOutcome.agentError, summary: withDetail(`The command failed (${describeCommandEnd(exit)})`, stderr.text() || capText(text, 1000, 'tail')) };
      return concludeRun({ finalText: text, failure, usage, summaryKeeps: 'tail' }, exit, AgentOutcome.success);
    },
  };
}
