/**
 * Temporal's limits on a workflow's user metadata: a summary of 400 bytes and details of 20 KB.
 * Past them, starting the workflow fails, so the texts are cut to fit instead.
 */
export const TEMPORAL_TEXT_LIMITS = { summaryBytes: 400, detailsBytes: 20 * 1024 } as const;

const ELLIPSIS = '…';
const encoder = new TextEncoder();
const byteLength = (text: string) => encoder.encode(text).length;

/** Returns `text` cut (at a character boundary, with an ellipsis) to at most `maxBytes` bytes of UTF-8. Pure. */
export function clampUtf8(text: string, maxBytes: number): string {
  if (byteLength(text) <= maxBytes) return text;
  const room = maxBytes - byteLength(ELLIPSIS);
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = byteLength(char);
    if (bytes + size > room) break;
    bytes += size;
    end += char.length;
  }
  return `${text.slice(0, end)}${ELLIPSIS}`;
}
