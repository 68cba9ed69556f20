import { afterEach, describe, expect, test } from '@jest/globals';
import { startScriptedAnthropicServer, type ScriptedAnthropicServer } from '../support/scripted-anthropic-server.js';

let server: ScriptedAnthropicServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const TOOLS = [{ name: 'Write' }, { name: 'Read' }];
const WRITE = { name: 'Write', input: { file_path: '/tmp/x/hello.txt', content: 'Hello "quoted"\n' } };

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server!.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

function parseSse(text: string): { event: string; data: Record<string, unknown> }[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.trim() !== '')
    .map((frame) => {
      const event = /^event: (.*)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (event === undefined || data === undefined) throw new Error(`malformed SSE frame: ${frame}`);
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}

describe('the scripted Anthropic server', () => {
  test('streams a tool call as the API does: deltas that join to the input, stop_reason tool_use', async () => {
    server = await startScriptedAnthropicServer([{ text: 'Writing.', toolUse: WRITE, usage: { input_tokens: 5_000, output_tokens: 321 } }]);
    const response = await post('/v1/messages?beta=true', { model: 'claude-test', stream: true, tools: TOOLS, messages: [{ role: 'user', content: 'go' }] });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = parseSse(await response.text());

    expect(events.map((e) => e.event)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[0]!.data).toMatchObject({ message: { model: 'claude-test', role: 'assistant', content: [], usage: { input_tokens: 5_000 } } });
    const deltas = events.filter((e) => e.event === 'content_block_delta').map((e) => e.data.delta as Record<string, string>);
    expect(
      deltas
        .filter((d) => d.type === 'text_delta')
        .map((d) => d.text)
        .join(''),
    ).toBe('Writing.');
    expect(
      JSON.parse(
        deltas
          .filter((d) => d.type === 'input_json_delta')
          .map((d) => d.partial_json)
          .join(''),
      ),
    ).toEqual(WRITE.input);
    expect(events[7]!.data).toMatchObject({ index: 1, content_block: { type: 'tool_use', name: 'Write', input: {} } });
    expect(events.at(-2)!.data).toEqual({ type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 321 } });
  });

  test('answers each main-loop request by the number of assistant turns in its history, retries included', async () => {
    server = await startScriptedAnthropicServer([{ toolUse: WRITE }, { text: 'Done. <promise>COMPLETE</promise>' }]);
    const history = [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: [] },
      { role: 'user', content: [] },
    ];
    const second = await post('/v1/messages', { model: 'm', stream: false, tools: TOOLS, messages: history });
    const retried = await post('/v1/messages', { model: 'm', stream: false, tools: TOOLS, messages: history });
    const first = await post('/v1/messages', { model: 'm', stream: false, tools: TOOLS, messages: history.slice(0, 1) });

    for (const response of [second, retried]) {
      expect(await response.json()).toMatchObject({ stop_reason: 'end_turn', content: [{ type: 'text', text: 'Done. <promise>COMPLETE</promise>' }] });
    }
    expect(await first.json()).toMatchObject({ stop_reason: 'tool_use', content: [{ type: 'tool_use', name: 'Write', input: WRITE.input }] });
    expect(server.mainLoopRequests().map((request) => request.step)).toEqual([1, 1, 0]);
  });

  test('fails a main-loop request past the end of the script with a 400 the CLI does not retry', async () => {
    server = await startScriptedAnthropicServer([{ text: 'only step' }]);
    const response = await post('/v1/messages', { model: 'm', tools: TOOLS, messages: [{ role: 'assistant', content: 'x' }] });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('no step 1') } });
  });

  test('answers a step with neither text nor tool call with a 400 naming the mistake', async () => {
    server = await startScriptedAnthropicServer([{}]);
    const response = await post('/v1/messages', { model: 'm', stream: true, tools: TOOLS, messages: [] });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { message: expect.stringContaining('needs text or a toolUse') } });
  });

  test('answers sub-agent and tool-less side calls from their own handlers, not from the steps', async () => {
    server = await startScriptedAnthropicServer({
      steps: [{ text: 'main' }],
      subagent: () => ({ text: 'from the sub-agent' }),
      auxiliary: (request) => ({ text: `title for ${request.model}` }),
    });
    const sub = await post('/v1/messages', { model: 'm', tools: TOOLS, messages: [] }, { 'x-claude-code-agent-id': 'a1b2' });
    const side = await post('/v1/messages', { model: 'haiku', max_tokens: 1, messages: [{ role: 'user', content: 'Hi' }] });

    expect(await sub.json()).toMatchObject({ content: [{ text: 'from the sub-agent' }] });
    expect(await side.json()).toMatchObject({ content: [{ text: 'title for haiku' }] });
    expect(server.requests.map((request) => request.kind)).toEqual(['subagent', 'auxiliary']);
  });

  test('counts tokens, and answers and records anything else with a JSON 404', async () => {
    server = await startScriptedAnthropicServer([]);
    const count = await post('/v1/messages/count_tokens', { model: 'm', messages: [{ role: 'user', content: 'x'.repeat(400) }] });
    const unknown = await fetch(`${server.url}/api/hello`, { method: 'HEAD' });
    const other = await post('/v1/complete', { prompt: 'x' });

    expect(((await count.json()) as { input_tokens: number }).input_tokens).toBeGreaterThan(100);
    expect(unknown.status).toBe(404);
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    expect(server.requests.map((r) => [r.method, r.path, r.kind])).toEqual([
      ['POST', '/v1/messages/count_tokens', 'count_tokens'],
      ['HEAD', '/api/hello', 'not_found'],
      ['POST', '/v1/complete', 'not_found'],
    ]);
  });
});
