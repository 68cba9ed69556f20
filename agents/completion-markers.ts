/** What the agent said about its work at the end of its final message (the completion protocol). */
export type CompletionMarker = { kind: 'complete' } | { kind: 'decision'; question: string } | { kind: 'blocked'; reason: string };

const MARKER = /<(promise|decision|blocked)>([\s\S]*?)<\/\1>/gi;

/** The text an agent must put inside `<promise>…</promise>` to say it is done. */
export const COMPLETE_PROMISE = 'COMPLETE';

function toMarker(tag: string, body: string): CompletionMarker | undefined {
  const text = body.trim();
  switch (tag.toLowerCase()) {
    case 'promise':
      // Like the Ralph stop hook: whitespace is collapsed, then the promise must match exactly.
      return text.replace(/\s+/g, ' ') === COMPLETE_PROMISE ? { kind: 'complete' } : undefined;
    case 'decision':
      return text ? { kind: 'decision', question: text } : undefined;
    default:
      return text ? { kind: 'blocked', reason: text } : undefined;
  }
}

/** Returns `text` without its completion markers (for summaries and commit messages). */
export function withoutMarkers(text: string): string {
  return text
    .replace(MARKER, '')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}

/**
 * Returns the last valid completion marker in `text` (`<promise>COMPLETE</promise>`,
 * `<decision>question</decision>`, `<blocked>why</blocked>`), or undefined when there is none.
 * The last one wins because agents often quote the protocol before they follow it; markers with
 * an empty body or a promise other than COMPLETE are ignored. Never throws.
 */
export function findCompletionMarker(text: string): CompletionMarker | undefined {
  let found: CompletionMarker | undefined;
  for (const match of text.matchAll(MARKER)) {
    const marker = toMarker(match[1] ?? '', match[2] ?? '');
    if (marker) found = marker;
  }
  return found;
}
