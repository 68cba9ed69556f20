import { newestFirst, parseBackupFileName, type ParsedBackupName } from './backup-names.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** How long backups are kept: one per hour, then one per day, then none. */
export interface RetentionPolicy {
  /** Up to this age, at most one backup per clock hour (UTC) is kept. */
  hourlyForMs: number;
  /** From `hourlyForMs` up to this age, at most one per day (UTC); older ones go. */
  dailyForMs: number;
}

/** Hourly kept 7 days, daily 30 days. */
export const DEFAULT_RETENTION: RetentionPolicy = { hourlyForMs: 7 * DAY_MS, dailyForMs: 30 * DAY_MS };

/** Which backups of a folder stay and which go; names that are not backups are in neither list. */
export interface RetentionPlan {
  keep: string[];
  remove: string[];
}

/**
 * Decides, from the file names alone, which backups to keep at `now`: within each clock hour of
 * the hourly window and each day of the daily window the newest stays, anything past the daily
 * window goes, and the newest backup of all always stays (also one dated in the future, as after a
 * clock change). Names that do not parse as backups are ignored, so they are never deleted. Pure.
 */
export function planRetention(names: readonly string[], now: Date, policy: RetentionPolicy = DEFAULT_RETENTION): RetentionPlan {
  const backups = names
    .map(parseBackupFileName)
    .filter((b): b is ParsedBackupName => b !== undefined)
    .sort(newestFirst);
  const seen = new Set<string>();
  const plan: RetentionPlan = { keep: [], remove: [] };
  backups.forEach((backup, index) => {
    const age = now.getTime() - backup.time.getTime();
    const slot =
      age < 0
        ? `future:${backup.name}`
        : age <= policy.hourlyForMs
          ? `hour:${Math.floor(backup.time.getTime() / HOUR_MS)}`
          : age <= policy.dailyForMs
            ? `day:${Math.floor(backup.time.getTime() / DAY_MS)}`
            : undefined;
    // Newest first, so the first backup to claim a slot is the newest of its hour or day.
    const kept = index === 0 || (slot !== undefined && !seen.has(slot));
    if (slot !== undefined) seen.add(slot);
    (kept ? plan.keep : plan.remove).push(backup.name);
  });
  return plan;
}
