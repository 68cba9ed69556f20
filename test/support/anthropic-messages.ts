// Builds Anthropic Messages API responses (a JSON message, or the SSE events of a streamed one)
// from one scripted reply. Pure: the server in scripted-anthropic-server.ts does the I/O.

/** Token counts of one API call, as the Messages API reports them in `usage`. */
export interface ScriptedUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/** A tool call the scripted model makes. */
export interface ScriptedToolUse {
  name: string;
  input: Record<string, unknown>;
}

/**
 * One reply of the scripted model: optional text, then zero or more tool calls. A reply with a
 * tool call stops with `tool_use`, otherwise with `end_turn`. `usage` overrides the default counts.
 */
export interface ScriptStep {
  text?: string;
  toolUse?: ScriptedToolUse | ScriptedToolUse[];
  usage?: Partial<ScriptedUsage>;
}

/** Counts of a small but realistic call, so the CLI computes a cost above zero. */
export const DEFAULT_USAGE: ScriptedUsage = {
  input_tokens: 1_200,
  output_tokens: 80,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
};

type ContentBlock = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

/** A complete assistant message, the body of a non-streaming `POST /v1/messages` answer. */
export interface AssistantMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: ContentBlock[];
  stop_reason: 'end_turn' | 'tool_use';
  stop_sequence: null;
  usage: ScriptedUsage & { service_tier: 'standard' };
}

/** One server-sent event: its `event:` name and its JSON `data:`. */
export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

let counter = 0;

/** Returns an id like the API's (`msg_…`, `toolu_…`): unique within this process. */
export function makeId(prefix: 'msg' | 'toolu'): string {
  counter += 1;
  return `${prefix}_01Scripted${Date.now().toString(36)}${counter.toString().padStart(4, '0')}`;
}

/** Returns the assistant message a step stands for, answering as `model`. */
export function buildAssistantMessage(step: ScriptStep, model: string): AssistantMessage {
  const content: ContentBlock[] = [];
  if (step.text !== undefined) content.push({ type: 'text', text: step.text });
  const toolUses = step.toolUse === undefined ? [] : Array.isArray(step.toolUse) ? step.toolUse : [step.toolUse];
  for (const toolUse of toolUses) content.push({ type: 'tool_use', id: makeId('toolu'), name: toolUse.name, input: toolUse.input });
  if (content.length === 0) throw new Error('a script step needs text or a toolUse');
  return {
    id: makeId('msg'),
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: toolUses.length > 0 ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { ...DEFAULT_USAGE, ...step.usage, service_tier: 'standard' },
  };
}

/** Splits `text` into about three pieces, so clients must join deltas as they do with the real API. */
function chunks(text: string): string[] {
  const size = Math.max(1, Math.ceil(text.length / 3));
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size) pieces.push(text.slice(start, start + size));
  return pieces;
}

function blockEvents(block: ContentBlock, index: number): SseEvent[] {
  const start: SseEvent =
    block.type === 'text'
      ? { event: 'content_block_start', data: { type: 'content_block_start', index, content_block: { type: 'text', text: '' } } }
      : { event: 'content_block_start', data: { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } } };
  const deltas =
    block.type === 'text' ? chunks(block.text).map((text) => ({ type: 'text_delta', text })) : chunks(JSON.stringify(block.input)).map((partial_json) => ({ type: 'input_json_delta', partial_json }));
  return [
    start,
    ...deltas.map((delta) => ({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta } })),
    { event: 'content_block_stop', data: { type: 'content_block_stop', index } },
  ];
}

/** Returns the SSE events the API streams for `message`, in the API's order. */
export function streamEvents(message: AssistantMessage): SseEvent[] {
  const { output_tokens, ...startUsage } = message.usage;
  return [
    {
      event: 'message_start',
      // Like the API: the input side of usage up front, output_tokens counted in message_delta.
      data: { type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: { ...startUsage, output_tokens: 1 } } },
    },
    { event: 'ping', data: { type: 'ping' } },
    ...message.content.flatMap(blockEvents),
    {
      event: 'message_delta',
      data: { type: 'message_delta', delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: { output_tokens } },
    },
    { event: 'message_stop', data: { type: 'message_stop' } },
  ];
}

/** Formats one event as it goes on the wire. */
export function formatSse({ event, data }: SseEvent): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
