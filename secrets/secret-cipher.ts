import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Thrown when a stored value does not decrypt: another key, or a damaged row. */
export class SecretUnreadableError extends Error {
  override readonly name = 'SecretUnreadableError';
}

// The scope and name are authenticated with the value, so a row copied under another name fails.
const additionalData = (scope: string, name: string) => Buffer.from(`${scope}\0${name}`, 'utf8');

/** Encrypts `value` with AES-256-GCM: iv | tag | ciphertext. */
export function sealSecret(key: Buffer, scope: string, name: string, value: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(additionalData(scope, name));
  const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** Decrypts what sealSecret made. Throws SecretUnreadableError when it was not sealed with this key for this scope and name. */
export function openSecret(key: Buffer, scope: string, name: string, sealed: Buffer): string {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
    decipher.setAAD(additionalData(scope, name));
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretUnreadableError(`the secret ${scope ? `${name} of task ${scope}` : name} cannot be decrypted with this data dir's secret-key`);
  }
}
