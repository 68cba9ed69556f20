// Tells the CLI's main agent loop apart from its other calls by the request's shape and headers,
// not by prompt wording (which changes with every CLI release).
import type { IncomingHttpHeaders } from 'node:http';

/** The fields of a `POST /v1/messages` body the scripted server looks at. */
export interface MessagesRequest {
  model?: string;
  stream?: boolean;
  max_tokens?: number;
  tools?: { name?: string }[];
  messages?: { role: string; content: unknown }[];
  system?: unknown;
}

/**
 * `main`: a turn of the agent loop; `subagent`: a turn of an agent the main loop started (Agent
 * tool); `auxiliary`: a side call without tools (model check, title, summary, memory extraction).
 */
export type RequestKind = 'main' | 'subagent' | 'auxiliary';

/** Claude Code 2.1.330 names the agent on every request a sub-agent makes, and only then. */
const SUBAGENT_HEADER = 'x-claude-code-agent-id';

/** The agent loops offer the model their tools; the CLI's side calls offer none. */
export function classifyMessagesRequest(request: MessagesRequest, headers: IncomingHttpHeaders): RequestKind {
  if (!Array.isArray(request.tools) || request.tools.length === 0) return 'auxiliary';
  return headers[SUBAGENT_HEADER] === undefined ? 'main' : 'subagent';
}

/**
 * Returns which main-loop step a request asks for: the number of assistant turns already in its
 * history. Stateless, so a retried request gets the same answer as the first attempt.
 */
export function mainLoopStep(request: MessagesRequest): number {
  return (request.messages ?? []).filter((message) => message.role === 'assistant').length;
}

/**
 * The working directory Claude Code states in its environment section ("Primary working
 * directory: /x" in 2.1.330), or undefined when the request carries none. Lets a scripted step
 * write files where the CLI runs.
 */
export function workingDirectoryOf(request: MessagesRequest): string | undefined {
  const text = JSON.stringify([request.system, request.messages]);
  return /[Ww]orking directory: ([^\s"\\]+)/.exec(text)?.[1];
}
