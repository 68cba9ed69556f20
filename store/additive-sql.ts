/**
 * Whether a migration only adds to the schema, so that a Ringmaster that predates it still runs on
 * the migrated database (a rolled-back release does): new tables, indexes, views and triggers, new
 * columns that are nullable or have a default, and data changes. Anything else (DROP, RENAME, a
 * NOT NULL column without a default, a table rebuilt) is not. Pure; errs on the side of "not".
 */
export function isAdditiveSql(sql: string): boolean {
  const statements = sql
    .replace(/--[^\n]*/g, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split(';')
    .map((statement) => statement.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  return statements.every((statement) => {
    if (/^CREATE (UNIQUE )?INDEX /i.test(statement) || /^CREATE (TABLE|VIEW|TRIGGER) /i.test(statement)) return !/\bAS SELECT\b/i.test(statement) || /^CREATE VIEW /i.test(statement);
    if (/^(INSERT|UPDATE|DELETE) /i.test(statement)) return true;
    const column = /^ALTER TABLE \S+ ADD (COLUMN )?(.*)$/i.exec(statement);
    if (column) return !/\bNOT NULL\b/i.test(column[2]!) || /\bDEFAULT\b/i.test(column[2]!);
    return false;
  });
}
