// Builds OpenAI Responses API answers (the SSE events of a streamed `POST /v1/responses`) from one
// scripted reply. Pure: the server in scripted-openai-server.ts does the I/O.
import { formatSse, type SseEvent } from './anthropic-messages.js';

export { formatSse };

/** Token counts of one call, as the Responses API reports them in `response.usage`. */
export interface ResponsesUsage {
  input_tokens: number;
  output_tokens: number;
  /** Of the input, tokens read from the prompt cache. */
  cached_tokens: number;
}

/** A function (tool) call the scripted model makes, e.g. Codex's `exec_command` with `{ cmd }`. */
export interface ScriptedCall {
  name: string;
  arguments: Record<string, unknown>;
}

/**
 * One reply of the scripted model: optional text, then zero or more function calls. `usage`
 * overrides the default counts.
 */
export interface ResponsesStep {
  text?: string;
  call?: ScriptedCall | ScriptedCall[];
  usage?: Partial<ResponsesUsage>;
}

/** Counts of a small but realistic call. */
export const DEFAULT_RESPONSES_USAGE: ResponsesUsage = { input_tokens: 1_500, output_tokens: 90, cached_tokens: 0 };

/** One item of a Responses request's `input` (or a response's `output`), as far as the script reads it. */
export interface ResponsesItem {
  type?: string;
  role?: string;
  content?: unknown;
  [key: string]: unknown;
}

let counter = 0;

function makeId(prefix: string): string {
  counter += 1;
  return `${prefix}_scripted${Date.now().toString(36)}${counter.toString().padStart(4, '0')}`;
}

/**
 * Returns which main-loop step answers a request: the number of assistant turns in its history
 * (function calls and assistant messages), so a resumed session's request, which carries the
 * earlier turns, is answered by the step after them.
 */
export function responsesStep(input: readonly ResponsesItem[]): number {
  const calls = input.filter((item) => item.type === 'function_call' || item.type === 'custom_tool_call').length;
  // Codex sends `{ type: 'message', role: 'assistant' }`, the AI SDK (OpenCode) `{ role: 'assistant' }`.
  const messages = input.filter((item) => item.role === 'assistant' && (item.type === undefined || item.type === 'message')).length;
  return calls + messages;
}

/** Returns the output items a step stands for: an assistant message, then the calls. */
export function outputItems(step: ResponsesStep): ResponsesItem[] {
  const items: ResponsesItem[] = [];
  if (step.text !== undefined) items.push({ type: 'message', id: makeId('msg'), role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: step.text, annotations: [] }] });
  const calls = step.call === undefined ? [] : Array.isArray(step.call) ? step.call : [step.call];
  for (const call of calls) items.push({ type: 'function_call', id: makeId('fc'), call_id: makeId('call'), name: call.name, arguments: JSON.stringify(call.arguments), status: 'completed' });
  if (items.length === 0) throw new Error('a script step needs text or a call');
  return items;
}

/** Returns the SSE events the API streams for one step answered as `model`, in the API's order. */
export function responsesEvents(step: ResponsesStep, model: string): SseEvent[] {
  const id = makeId('resp');
  const usage = { ...DEFAULT_RESPONSES_USAGE, ...step.usage };
  const items = outputItems(step);
  const response = { id, object: 'response', model, status: 'in_progress', output: [] as ResponsesItem[] };
  const event = (type: string, data: Record<string, unknown>): SseEvent => ({ event: type, data: { type, ...data } });
  const itemEvents = items.flatMap((item, index) => {
    const text = item.type === 'message' ? ((item.content as { text: string }[])[0]?.text ?? '') : undefined;
    return [
      event('response.output_item.added', { output_index: index, item: { ...item, status: 'in_progress', ...(text === undefined ? {} : { content: [] }) } }),
      ...(text === undefined ? [] : [event('response.output_text.delta', { output_index: index, content_index: 0, item_id: item.id, delta: text })]),
      event('response.output_item.done', { output_index: index, item }),
    ];
  });
  return [
    event('response.created', { response }),
    ...itemEvents,
    event('response.completed', {
      response: {
        ...response,
        status: 'completed',
        output: items,
        usage: {
          input_tokens: usage.input_tokens,
          input_tokens_details: { cached_tokens: usage.cached_tokens },
          output_tokens: usage.output_tokens,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: usage.input_tokens + usage.output_tokens,
        },
      },
    }),
  ];
}
