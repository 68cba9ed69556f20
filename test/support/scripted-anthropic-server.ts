import type http from 'node:http';
import { buildAssistantMessage, formatSse, streamEvents, type ScriptStep } from './anthropic-messages.js';
import { classifyMessagesRequest, mainLoopStep, type MessagesRequest, type RequestKind } from './classify-messages-request.js';
import { listenScripted, parseBody, sendJson as sendJsonWith } from './scripted-http-server.js';

export type { ScriptStep, ScriptedToolUse, ScriptedUsage } from './anthropic-messages.js';
export type { MessagesRequest, RequestKind } from './classify-messages-request.js';

/**
 * What the scripted model says. `steps` answer the main agent loop in order (step n answers the
 * request whose history holds n assistant turns). `subagent` answers the turns of agents the main
 * loop starts and `auxiliary` the CLI's side calls; both default to a short final text.
 */
export interface Script {
  /** A step may be computed from the request, e.g. to write into the CLI's working directory. */
  steps: (ScriptStep | ((request: MessagesRequest) => ScriptStep))[];
  subagent?: (request: MessagesRequest) => ScriptStep;
  auxiliary?: (request: MessagesRequest) => ScriptStep;
}

/** One request the server received. `step` is the main-loop step that answered it. */
export interface RecordedRequest {
  method: string;
  path: string;
  kind: RequestKind | 'count_tokens' | 'not_found';
  headers: http.IncomingHttpHeaders;
  body: unknown;
  step?: number;
}

/** A running scripted server; `requests` grows as requests arrive. */
export interface ScriptedAnthropicServer {
  /** Base URL for `ANTHROPIC_BASE_URL`, e.g. `http://127.0.0.1:40123`. */
  url: string;
  requests: RecordedRequest[];
  /** The recorded main-loop requests, in arrival order. */
  mainLoopRequests(): RecordedRequest[];
  close(): Promise<void>;
}

const DEFAULT_SIDE_REPLY: ScriptStep = { text: 'Scripted reply', usage: { input_tokens: 200, output_tokens: 5 } };

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  sendJsonWith(res, status, body, { 'request-id': `req_scripted_${Date.now()}` });
}

function sendError(res: http.ServerResponse, status: number, type: string, message: string): void {
  sendJson(res, status, { type: 'error', error: { type, message } });
}

function answerMessages(script: Script, request: MessagesRequest, recorded: RecordedRequest, res: http.ServerResponse): void {
  let step: ScriptStep;
  if (recorded.kind === 'main') {
    const index = mainLoopStep(request);
    recorded.step = index;
    const entry = script.steps[index];
    const scripted = typeof entry === 'function' ? entry(request) : entry;
    // 400 is not retried by the CLI, so a script that runs out fails the run at once and visibly.
    if (!scripted) return sendError(res, 400, 'invalid_request_error', `scripted server: no step ${index} (script has ${script.steps.length})`);
    step = scripted;
  } else {
    const answer = recorded.kind === 'subagent' ? script.subagent : script.auxiliary;
    step = answer ? answer(request) : DEFAULT_SIDE_REPLY;
  }
  const message = buildAssistantMessage(step, request.model ?? 'claude-scripted');
  if (request.stream !== true) return sendJson(res, 200, message);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': `req_scripted_${Date.now()}` });
  for (const event of streamEvents(message)) res.write(formatSse(event));
  res.end();
}

function handle(script: Script, requests: RecordedRequest[], req: http.IncomingMessage, raw: string, res: http.ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const body = parseBody(raw);
  const recorded: RecordedRequest = { method: req.method ?? '', path, kind: 'not_found', headers: req.headers, body };
  requests.push(recorded);
  if (req.method === 'POST' && path === '/v1/messages/count_tokens') {
    recorded.kind = 'count_tokens';
    // Roughly four characters a token, like the tokenizer on English text.
    return sendJson(res, 200, { input_tokens: Math.max(1, Math.ceil(raw.length / 4)) });
  }
  if (req.method === 'POST' && path === '/v1/messages' && typeof body === 'object' && body !== null) {
    const request = body as MessagesRequest;
    recorded.kind = classifyMessagesRequest(request, req.headers);
    return answerMessages(script, request, recorded, res);
  }
  sendError(res, 404, 'not_found_error', `scripted server: no route for ${req.method} ${path}`);
}

/**
 * Starts a scripted Anthropic Messages API on 127.0.0.1 (a free port). Pass the steps alone or a
 * `Script`. Rejects if the server cannot listen; a step that cannot be built answers 400.
 */
export async function startScriptedAnthropicServer(script: Script['steps'] | Script): Promise<ScriptedAnthropicServer> {
  const resolved: Script = Array.isArray(script) ? { steps: script } : script;
  const requests: RecordedRequest[] = [];
  // A step that cannot be built is a bug in the test: a 400, because the CLI retries 5xx.
  const server = await listenScripted(
    (req, raw, res) => handle(resolved, requests, req, raw, res),
    (res, error) => sendError(res, 400, 'invalid_request_error', `scripted server: ${error.message}`),
  );
  return {
    url: server.url,
    requests,
    mainLoopRequests: () => requests.filter((request) => request.kind === 'main'),
    close: server.close,
  };
}
