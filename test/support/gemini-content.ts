// Builds Gemini API answers (the SSE chunks of `POST /v1beta/models/<model>:streamGenerateContent?alt=sse`)
// from one scripted reply. Pure: the server in scripted-gemini-server.ts does the I/O.

/** A function call the scripted model makes, e.g. Gemini CLI's `write_file` with `{ file_path, content }`. */
export interface GeminiCall {
  name: string;
  args: Record<string, unknown>;
}

/** One reply of the scripted model: optional text, then zero or more function calls. */
export interface GeminiStep {
  text?: string;
  call?: GeminiCall | GeminiCall[];
  usage?: { promptTokenCount?: number; candidatesTokenCount?: number; cachedContentTokenCount?: number };
}

/** One entry of a request's `contents`. */
export interface GeminiContent {
  role?: string;
  parts?: unknown[];
}

/** Counts of a small but realistic call. */
const DEFAULT_USAGE = { promptTokenCount: 1_400, candidatesTokenCount: 70, cachedContentTokenCount: 0 };

/** Which main-loop step answers a request: the number of model turns in its history (a resumed session's included). */
export function geminiStep(contents: readonly GeminiContent[]): number {
  return contents.filter((content) => content.role === 'model').length;
}

/** Returns the SSE chunks the API streams for one step answered as `model`: the text in two pieces, then the calls with the usage. */
export function geminiChunks(step: GeminiStep, model: string): Record<string, unknown>[] {
  const calls = step.call === undefined ? [] : Array.isArray(step.call) ? step.call : [step.call];
  if (step.text === undefined && calls.length === 0) throw new Error('a script step needs text or a call');
  const usage = { ...DEFAULT_USAGE, ...step.usage };
  const text = step.text ?? '';
  const half = Math.ceil(text.length / 2);
  const textParts = text ? [text.slice(0, half), text.slice(half)].filter(Boolean).map((piece) => [{ text: piece }]) : [];
  const pieces: unknown[][] = [...textParts, ...(calls.length ? [calls.map((call) => ({ functionCall: { name: call.name, args: call.args } }))] : [])];
  return pieces.map((parts, index) => ({
    candidates: [{ content: { role: 'model', parts }, index: 0, ...(index === pieces.length - 1 ? { finishReason: 'STOP' } : {}) }],
    ...(index === pieces.length - 1 ? { usageMetadata: { ...usage, totalTokenCount: usage.promptTokenCount + usage.candidatesTokenCount } } : {}),
    modelVersion: model,
  }));
}
