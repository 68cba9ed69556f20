import { Role } from '../model/roles.js';
import type { Db } from './open-database.js';
import { guardUnique, nowIso, UniqueViolationError } from './row-mapping.js';

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

// People are in `users`, host workers in `host_users` (migration 0013): one list of users to read.
const ALL_USERS = `SELECT name, role, token_hash, created_at, created_by FROM users
  UNION ALL SELECT name, 'host' AS role, token_hash, created_at, created_by FROM host_users`;

/** Reads and writes users; a token is only ever looked up by its hash. */
export function createUserRepository(db: Db) {
  return {
    /** Adds a user; throws UniqueViolationError when the name is taken. */
    add(user: { name: string; role: Role; tokenHash: string; createdBy: string | null }): UserRecord {
      const taken = `a user named '${user.name}' exists`;
      if (this.get(user.name)) throw new UniqueViolationError('name', taken);
      guardUnique('users', 'name', taken, () =>
        user.role === Role.host
          ? db.prepare('INSERT INTO host_users (name, token_hash, created_at, created_by) VALUES (?, ?, ?, ?)').run(user.name, user.tokenHash, nowIso(), user.createdBy)
          : db.prepare('INSERT INTO users (name, role, token_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?)').run(user.name, user.role, user.tokenHash, nowIso(), user.createdBy),
      );
      return this.get(user.name)!;
    },
    get(name: string): UserRecord | undefined {
      const row = db.prepare<[string], UserRow>(`SELECT * FROM (${ALL_USERS}) WHERE name = ?`).get(name);
      return row && toUser(row);
    },
    /** The user whose token has this hash. */
    byTokenHash(tokenHash: string): UserRecord | undefined {
      const row = db.prepare<[string], UserRow>(`SELECT * FROM (${ALL_USERS}) WHERE token_hash = ?`).get(tokenHash);
      return row && toUser(row);
    },
    list(): UserRecord[] {
      return db.prepare<[], UserRow>(`SELECT * FROM (${ALL_USERS}) ORDER BY name`).all().map(toUser);
    },
    /** Removes a user (its token stops working at once); false when there was none. */
    remove(name: string): boolean {
      return db.prepare('DELETE FROM users WHERE name = ?').run(name).changes + db.prepare('DELETE FROM host_users WHERE name = ?').run(name).changes > 0;
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
