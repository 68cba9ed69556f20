import type { Role } from '../model/roles.js';
import type { Db } from './open-database.js';
import { guardUnique, nowIso } from './row-mapping.js';

/** A user of the API: a name, a role and (hashed) a personal token. */
export interface UserRecord {
  name: string;
  role: Role;
  createdAt: string;
  createdBy: string | null;
}

interface UserRow {
  name: string;
  role: Role;
  created_at: string;
  created_by: string | null;
}

const toUser = (row: UserRow): UserRecord => ({ name: row.name, role: row.role, createdAt: row.created_at, createdBy: row.created_by });

/** Reads and writes users; a token is only ever looked up by its hash. */
export function createUserRepository(db: Db) {
  return {
    /** Adds a user; throws UniqueViolationError when the name is taken. */
    add(user: { name: string; role: Role; tokenHash: string; createdBy: string | null }): UserRecord {
      guardUnique('users', 'name', `a user named '${user.name}' exists`, () =>
        db.prepare('INSERT INTO users (name, role, token_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?)').run(user.name, user.role, user.tokenHash, nowIso(), user.createdBy),
      );
      return this.get(user.name)!;
    },
    get(name: string): UserRecord | undefined {
      const row = db.prepare<[string], UserRow>('SELECT name, role, created_at, created_by FROM users WHERE name = ?').get(name);
      return row && toUser(row);
    },
    /** The user whose token has this hash. */
    byTokenHash(tokenHash: string): UserRecord | undefined {
      const row = db.prepare<[string], UserRow>('SELECT name, role, created_at, created_by FROM users WHERE token_hash = ?').get(tokenHash);
      return row && toUser(row);
    },
    list(): UserRecord[] {
      return db.prepare<[], UserRow>('SELECT name, role, created_at, created_by FROM users ORDER BY name').all().map(toUser);
    },
    /** Removes a user (its token stops working at once); false when there was none. */
    remove(name: string): boolean {
      return db.prepare('DELETE FROM users WHERE name = ?').run(name).changes > 0;
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
