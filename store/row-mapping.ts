/** Parses a JSON column, returning `fallback` for NULL. */
export function fromJson<T>(value: string | null, fallback: T): T {
  return value === null ? fallback : (JSON.parse(value) as T);
}

/** Serialises a value for a JSON column; null and undefined become NULL. */
export function toJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** Current time as stored in every *_at column. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** Thrown when an insert or update would break a UNIQUE constraint. */
export class UniqueViolationError extends Error {
  override readonly name = 'UniqueViolationError';
  constructor(
    readonly column: string,
    message: string,
  ) {
    super(message);
  }
}

/** Runs `fn`, turning SQLite's UNIQUE (or PRIMARY KEY) constraint failure on `table.column` into UniqueViolationError. */
export function guardUnique<T>(table: string, column: string, message: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const code = (err as { code?: string }).code;
    if ((code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') && (err as Error).message.includes(`${table}.${column}`)) {
      throw new UniqueViolationError(column, message);
    }
    throw err;
  }
}
