import type http from 'node:http';
import { geminiChunks, geminiStep, type GeminiContent, type GeminiStep } from './gemini-content.js';
import { listenScripted, parseBody, sendJson, type ScriptedHttpError } from './scripted-http-server.js';

export type { GeminiCall, GeminiStep } from './gemini-content.js';

/** The part of a generateContent body the script reads. */
export interface GeminiRequest {
  contents: GeminiContent[];
  [key: string]: unknown;
}

/** What one main-loop step answers: a reply, an HTTP error, or either computed from the request. */
export type GeminiScriptStep = GeminiStep | { httpError: ScriptedHttpError } | ((request: GeminiRequest) => GeminiStep | { httpError: ScriptedHttpError });

/** One request the server received; `step` is the main-loop step that answered it. */
export interface RecordedGeminiRequest {
  method: string;
  path: string;
  model: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  step?: number;
}

export interface ScriptedGeminiServer {
  /** For `GOOGLE_GEMINI_BASE_URL`, e.g. `http://127.0.0.1:40123`. */
  url: string;
  requests: RecordedGeminiRequest[];
  close(): Promise<void>;
}

const STATUS_NAMES: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE' };

/** A Google API error body, e.g. `geminiError(429, 'Resource has been exhausted …', [{ '@type': '…RetryInfo', retryDelay: '7s' }])`. */
export function geminiError(status: number, message: string, details: unknown[] = []): { httpError: ScriptedHttpError } {
  return { httpError: { status, body: { error: { code: status, message, status: STATUS_NAMES[status] ?? 'UNKNOWN', details } } } };
}

const ROUTE = /^\/v1beta\/models\/([^/:]+):(streamGenerateContent|generateContent|countTokens)$/;

function answer(steps: readonly GeminiScriptStep[], request: GeminiRequest, recorded: RecordedGeminiRequest, stream: boolean, res: http.ServerResponse): void {
  const index = geminiStep(request.contents);
  recorded.step = index;
  const entry = steps[index];
  const step = typeof entry === 'function' ? entry(request) : entry;
  // 400 is not retried, so a script that runs out fails the run at once and visibly.
  if (!step) return sendJson(res, 400, { error: { code: 400, message: `scripted server: no step ${index} (script has ${steps.length})`, status: 'INVALID_ARGUMENT' } });
  if ('httpError' in step) return sendJson(res, step.httpError.status, step.httpError.body, step.httpError.headers);
  const chunks = geminiChunks(step, recorded.model);
  if (!stream) return sendJson(res, 200, chunks.at(-1));
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const chunk of chunks) res.write(`data: ${JSON.stringify(chunk)}\r\n\r\n`);
  res.end();
}

/**
 * Starts a scripted Gemini API (`/v1beta/models/<model>:streamGenerateContent`, `:generateContent`,
 * `:countTokens`) on 127.0.0.1. Step n answers the request whose contents hold n model turns.
 * Rejects if the server cannot listen.
 */
export async function startScriptedGeminiServer(steps: readonly GeminiScriptStep[]): Promise<ScriptedGeminiServer> {
  const requests: RecordedGeminiRequest[] = [];
  const server = await listenScripted((req, raw, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = ROUTE.exec(url.pathname);
    const body = parseBody(raw);
    const recorded: RecordedGeminiRequest = { method: req.method ?? '', path: url.pathname, model: route?.[1] ?? '', headers: req.headers, body };
    requests.push(recorded);
    const request = body as GeminiRequest;
    if (req.method !== 'POST' || !route || !Array.isArray(request?.contents)) {
      return sendJson(res, 404, { error: { code: 404, message: `scripted server: no route for ${req.method} ${url.pathname}`, status: 'NOT_FOUND' } });
    }
    if (route[2] === 'countTokens') return sendJson(res, 200, { totalTokens: Math.max(1, Math.ceil(raw.length / 4)) });
    answer(steps, request, recorded, route[2] === 'streamGenerateContent', res);
  });
  return { url: server.url, requests, close: server.close };
}
