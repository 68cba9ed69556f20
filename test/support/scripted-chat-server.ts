import type http from 'node:http';
import { listenScripted, parseBody, sendJson, type ScriptedHttpError } from './scripted-http-server.js';

/** One message of a Chat Completions request. */
export interface ChatMessage {
  role: string;
  content: string | unknown[];
}

/** The part of a `POST /v1/chat/completions` body the script reads. */
export interface ChatRequest {
  model?: string;
  stream?: boolean;
  messages: ChatMessage[];
  [key: string]: unknown;
}

/** A reply: the assistant's text and the usage the API reports for it. */
export interface ChatReply {
  text: string;
  usage?: { prompt_tokens: number; completion_tokens: number };
}

/** What one step answers: a reply, an HTTP error, or either computed from the request. */
export type ChatStep = ChatReply | { httpError: ScriptedHttpError } | ((request: ChatRequest) => ChatReply | { httpError: ScriptedHttpError });

export interface RecordedChatRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: ChatRequest;
  /** The step that answered it. */
  step: number;
}

export interface ScriptedChatServer {
  /** Base URL with the API version, e.g. `http://127.0.0.1:40123/v1` (clients append `/chat/completions`). */
  url: string;
  requests: RecordedChatRequest[];
  close(): Promise<void>;
}

/** An OpenAI-style error body, e.g. `chatError(429, 'rate_limit_exceeded', 'Slow down')`. */
export function chatError(status: number, type: string, message: string, headers?: Record<string, string>): { httpError: ScriptedHttpError } {
  return { httpError: { status, body: { error: { message, type, code: type, param: null } }, ...(headers ? { headers } : {}) } };
}

const DEFAULT_USAGE = { prompt_tokens: 1500, completion_tokens: 60 };

function completion(reply: ChatReply, model: string, stream: boolean, res: http.ServerResponse): void {
  const usage = { ...(reply.usage ?? DEFAULT_USAGE), total_tokens: 0 };
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  const base = { id: 'chatcmpl-scripted', created: 1_767_225_600, model };
  if (!stream) {
    sendJson(res, 200, { ...base, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: reply.text }, finish_reason: 'stop' }], usage });
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const chunk = (choices: unknown[], extra: object = {}) => res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices, ...extra })}\n\n`);
  chunk([{ index: 0, delta: { role: 'assistant', content: reply.text }, finish_reason: null }]);
  chunk([{ index: 0, delta: {}, finish_reason: 'stop' }], { usage });
  res.end('data: [DONE]\n\n');
}

/**
 * Starts a scripted OpenAI Chat Completions API (`POST /v1/chat/completions`, plain or streamed)
 * on 127.0.0.1. Step n answers the request whose messages hold n of this server's earlier replies.
 * Rejects if the server cannot listen.
 */
export async function startScriptedChatServer(steps: readonly ChatStep[]): Promise<ScriptedChatServer> {
  const requests: RecordedChatRequest[] = [];
  const sent = new Set<string>();
  const server = await listenScripted((req, raw, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const body = parseBody(raw) as ChatRequest;
    if (req.method !== 'POST' || path !== '/v1/chat/completions' || !Array.isArray(body?.messages)) {
      return sendJson(res, 404, { error: { message: `scripted server: no route for ${req.method} ${path}`, type: 'not_found' } });
    }
    // Clients put assistant turns of their own in the history (aider acknowledges its context):
    // only this server's earlier replies count.
    const index = body.messages.filter((m) => m.role === 'assistant' && typeof m.content === 'string' && sent.has(m.content.trim())).length;
    requests.push({ path, headers: req.headers, body, step: index });
    const entry = steps[index];
    const step = typeof entry === 'function' ? entry(body) : entry;
    // 400 is not retried, so a script that runs out fails the run at once and visibly.
    if (!step) return sendJson(res, 400, { error: { message: `scripted server: no step ${index} (script has ${steps.length})`, type: 'invalid_request_error' } });
    if ('httpError' in step) return sendJson(res, step.httpError.status, step.httpError.body, step.httpError.headers);
    sent.add(step.text.trim());
    completion(step, body.model ?? 'gpt-scripted', body.stream === true, res);
  });
  return { url: `${server.url}/v1`, requests, close: server.close };
}
