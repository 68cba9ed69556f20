/** A time as a user gives it: an ISO date or date-time, or a span back from now (`7d`, `24h`, `30m`). */
const SPAN = /^(\d+)([mhdw])$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** The default span of statistics. */
export const DEFAULT_STATS_SPAN = '7d';

/**
 * Reads `value` as a point in time: `7d` (and `30m`, `24h`, `2w`) is that long before `now`, an ISO
 * date or date-time is itself. Returns undefined when it is neither.
 */
export function parsePointInTime(value: string, now: Date): Date | undefined {
  const span = SPAN.exec(value.trim());
  if (span) return new Date(now.getTime() - Number(span[1]) * UNIT_MS[span[2] as keyof typeof UNIT_MS]);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
