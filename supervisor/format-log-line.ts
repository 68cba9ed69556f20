const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const OMIT = new Set(['level', 'time', 'pid', 'hostname', 'role', 'msg', 'v']);

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

/**
 * Turns a child's output line into what a person reads in the terminal: a pino JSON line becomes
 * `LEVEL message key=value ...`; any other line is returned as it is.
 */
export function formatLogLine(line: string): string {
  if (!line.startsWith('{')) return line;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof entry.level !== 'number' || typeof entry.msg !== 'string') return line;
  const level = LEVEL_NAMES[entry.level] ?? String(entry.level);
  const fields = Object.entries(entry)
    .filter(([key, value]) => !OMIT.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${formatValue(key === 'err' ? ((value as { message?: string }).message ?? value) : value)}`);
  return [level.padEnd(5), entry.msg, ...fields].join(' ');
}
