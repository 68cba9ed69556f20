import { createHmac } from 'node:crypto';
import type { NotificationRecord } from '../store/notification-repository.js';

/** How long a receiver has to answer one delivery. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** What one delivery attempt got: the receiver's HTTP status, or why there was none. */
export interface DeliveryResult {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** `sha256=<hex>` of HMAC-SHA256(secret, body): what X-Ringmaster-Signature-256 carries (GitHub's scheme). */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** True for an answer a retry will not change: a 4xx other than 408 (timeout), 409, 425 and 429 (rate limit). */
export function isRefusal(statusCode: number): boolean {
  return statusCode >= 400 && statusCode < 500 && ![408, 409, 425, 429].includes(statusCode);
}

/**
 * POSTs a notification's body to its URL, signed when there is a secret, and says what came back.
 * Never throws; a redirect is not followed (it counts as not delivered).
 */
export async function sendNotification(notification: Pick<NotificationRecord, 'id' | 'event' | 'url' | 'body'>, secret: string | undefined): Promise<DeliveryResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(notification.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Ringmaster-Notifier',
        'x-ringmaster-event': notification.event,
        'x-ringmaster-delivery': notification.id,
        ...(secret !== undefined ? { 'x-ringmaster-signature-256': signBody(secret, notification.body) } : {}),
      },
      body: notification.body,
    });
    await response.body?.cancel();
    return { statusCode: response.status, error: response.ok ? null : `HTTP ${response.status}`, durationMs: elapsed() };
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const reason = (err as Error).name === 'TimeoutError' ? `no answer within ${DELIVERY_TIMEOUT_MS / 1000} s` : (cause?.code ?? cause?.message ?? (err as Error).message);
    return { statusCode: null, error: reason, durationMs: elapsed() };
  }
}
