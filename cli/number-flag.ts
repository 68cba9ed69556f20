import { UsageError } from './cli-error.js';

/**
 * The number a flag's text names; UsageError naming the flag for anything else. Without it
 * `Number('lots')` is NaN, which JSON sends as null: for `--budget-per-month` that is "no limit".
 * The API checks the range.
 */
export function numberFlag(text: string, flag: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`${flag} must be a number, got "${text}"`);
  return value;
}
