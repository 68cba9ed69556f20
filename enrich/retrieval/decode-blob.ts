/** Blobs larger than this keep their path but no text: generated bundles and data dumps, rarely edited by hand. */
export const MAX_TEXT_BYTES = 1_000_000;

const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * The text of a blob, or undefined when it is binary (a NUL byte in its first 8 KB, as git decides)
 * or over `maxBytes`. Invalid UTF-8 is decoded leniently: as Latin-1 when most of it would be lost
 * (a legacy single-byte file), otherwise with replacement characters.
 */
export function decodeBlob(bytes: Uint8Array | undefined, maxBytes = MAX_TEXT_BYTES): string | undefined {
  if (bytes === undefined || bytes.length > maxBytes) return undefined;
  if (bytes.subarray(0, 8192).includes(0)) return undefined;
  const text = utf8.decode(bytes);
  if (!text.includes('\uFFFD')) return text;
  let replaced = 0;
  for (const char of text) if (char === '\uFFFD') replaced++;
  return replaced > 16 && replaced * 100 > text.length ? Buffer.from(bytes).toString('latin1') : text;
}
