import type http from 'node:http';
import { formatSse, responsesEvents, responsesStep, type ResponsesItem, type ResponsesStep } from './openai-responses.js';
import { listenScripted, parseBody, sendJson, type ScriptedHttpError } from './scripted-http-server.js';

export type { ResponsesStep, ScriptedCall } from './openai-responses.js';

/** What one main-loop step answers: a reply, an HTTP error, or either computed from the request. */
export type OpenAiStep = ResponsesStep | { httpError: ScriptedHttpError } | ((request: ResponsesRequest) => ResponsesStep | { httpError: ScriptedHttpError });

/** The part of a `POST /v1/responses` body the script reads. */
export interface ResponsesRequest {
  model?: string;
  stream?: boolean;
  input: ResponsesItem[];
  [key: string]: unknown;
}

/** One request the server received; `step` is the main-loop step that answered it (none for a side call). */
export interface RecordedOpenAiRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  step?: number;
  /** True for a side call of the CLI (OpenCode's session title), answered apart from the steps. */
  auxiliary?: boolean;
}

/** OpenCode asks its small model for a session title before the main loop: a side call. */
function isTitleRequest(request: ResponsesRequest): boolean {
  return JSON.stringify(request.input[0] ?? {}).includes('You are a title generator');
}

export interface ScriptedOpenAiServer {
  /** Base URL with the API version, e.g. `http://127.0.0.1:40123/v1` (Codex appends `/responses`). */
  url: string;
  requests: RecordedOpenAiRequest[];
  /** The recorded main-loop requests (no side calls), in arrival order. */
  mainLoopRequests(): RecordedOpenAiRequest[];
  close(): Promise<void>;
}

/** An OpenAI-style error body, e.g. `openAiError(429, 'rate_limit_exceeded', 'Slow down')`. */
export function openAiError(status: number, type: string, message: string, headers?: Record<string, string>): { httpError: ScriptedHttpError } {
  return { httpError: { status, body: { error: { message, type, code: type, param: null } }, ...(headers ? { headers } : {}) } };
}

function stream(res: http.ServerResponse, step: ResponsesStep, model: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const event of responsesEvents(step, model)) res.write(formatSse(event));
  res.end();
}

function answer(steps: readonly OpenAiStep[], request: ResponsesRequest, recorded: RecordedOpenAiRequest, res: http.ServerResponse): void {
  if (isTitleRequest(request)) {
    recorded.auxiliary = true;
    return stream(res, { text: 'Scripted title', usage: { input_tokens: 200, output_tokens: 3 } }, request.model ?? 'gpt-scripted');
  }
  const index = responsesStep(request.input);
  recorded.step = index;
  const entry = steps[index];
  const step = typeof entry === 'function' ? entry(request) : entry;
  // 400 is not retried, so a script that runs out fails the run at once and visibly.
  if (!step) return sendJson(res, 400, { error: { message: `scripted server: no step ${index} (script has ${steps.length})`, type: 'invalid_request_error' } });
  if ('httpError' in step) return sendJson(res, step.httpError.status, step.httpError.body, step.httpError.headers);
  stream(res, step, request.model ?? 'gpt-scripted');
}

/**
 * Starts a scripted OpenAI Responses API (`POST /v1/responses`, streamed) on 127.0.0.1. Step n
 * answers the request whose input holds n assistant turns. Rejects if the server cannot listen.
 */
export async function startScriptedOpenAiServer(steps: readonly OpenAiStep[]): Promise<ScriptedOpenAiServer> {
  const requests: RecordedOpenAiRequest[] = [];
  const server = await listenScripted((req, raw, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const body = parseBody(raw);
    const recorded: RecordedOpenAiRequest = { method: req.method ?? '', path, headers: req.headers, body };
    requests.push(recorded);
    const request = body as ResponsesRequest;
    if (req.method === 'POST' && path === '/v1/responses' && Array.isArray(request?.input)) return answer(steps, request, recorded, res);
    sendJson(res, 404, { error: { message: `scripted server: no route for ${req.method} ${path}`, type: 'not_found' } });
  });
  return { url: `${server.url}/v1`, requests, mainLoopRequests: () => requests.filter((request) => !request.auxiliary), close: server.close };
}
