import { countTokens, truncateToTokens } from '../tokens.js';

/** A piece of text cut to a token limit. */
export interface FittedText {
  text: string;
  tokens: number;
  truncated: boolean;
}

/**
 * Returns the start of `text` that fits in `maxTokens` together with `marker` on its own line
 * after the cut, so the reader knows something was left out. Returns `text` unchanged when it
 * fits, and '' when not even the marker fits.
 */
export function truncateWithMarker(text: string, maxTokens: number, marker: string): FittedText {
  const whole = countTokens(text);
  if (whole <= maxTokens) return { text, tokens: whole, truncated: false };
  // One token of slack for the seam between the cut text and the marker.
  const room = maxTokens - countTokens(`\n${marker}`) - 1;
  if (room <= 0) return { text: '', tokens: 0, truncated: true };
  const head = truncateToTokens(text, room).text.trimEnd();
  const cut = head ? `${head}\n${marker}` : marker;
  const tokens = countTokens(cut);
  if (tokens <= maxTokens) return { text: cut, tokens, truncated: true };
  return { text: marker, tokens: countTokens(marker), truncated: true };
}

/** The first index at or after `index` that does not split a surrogate pair. */
function codePointStart(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff ? index + 1 : index;
}

/**
 * Returns the end of `text` that fits in `maxTokens` together with `marker` on its own line
 * before it, starting at a line start when one is near (test output matters most at its end).
 * Returns `text` unchanged when it fits, and '' when not even the marker fits.
 */
export function keepTail(text: string, maxTokens: number, marker: string): FittedText {
  const whole = countTokens(text);
  if (whole <= maxTokens) return { text, tokens: whole, truncated: false };
  const room = maxTokens - countTokens(`${marker}\n`) - 1;
  if (room <= 0) return { text: '', tokens: 0, truncated: true };
  // The smallest start whose tail fits: token counts only shrink as the start moves right.
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (countTokens(text.slice(middle)) <= room) high = middle;
    else low = middle + 1;
  }
  let start = codePointStart(text, low);
  const nextLine = text.indexOf('\n', start);
  if (start > 0 && text[start - 1] !== '\n' && nextLine >= 0 && nextLine + 1 < text.length && nextLine - start < (text.length - start) * 0.2) {
    start = nextLine + 1;
  }
  const tail = text.slice(start).trimStart();
  const cut = tail ? `${marker}\n${tail}` : marker;
  const tokens = countTokens(cut);
  if (tokens <= maxTokens) return { text: cut, tokens, truncated: true };
  return { text: marker, tokens: countTokens(marker), truncated: true };
}
