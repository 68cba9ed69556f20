/**
 * What a token may do. Names cross boundaries (REST, SQLite, CLI) and never change.
 * viewer: read; operator: also file, cancel, answer and steer tasks; admin: also projects,
 * workers, releases, users and secrets. host: a host worker's token, for the routes a host
 * calls (its tasks' secrets, shipping their logs and prompts) and nothing else; admin may call them too.
 */
export const Role = {
  viewer: 'viewer',
  operator: 'operator',
  admin: 'admin',
  host: 'host',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

/** The roles of people, least powerful first: each may do what the ones before it may. */
const LADDER: readonly Role[] = [Role.viewer, Role.operator, Role.admin];

/** Every role a user can be given. */
export const ROLES: readonly Role[] = [...LADDER, Role.host];

/** True when a token holding `held` may do what needs `needed`. */
export function roleAllows(held: Role, needed: Role): boolean {
  if (held === Role.host || needed === Role.host) return needed === Role.host && (held === Role.host || held === Role.admin);
  return LADDER.indexOf(held) >= LADDER.indexOf(needed);
}

/** Who sent a request: a user with a personal token, or the install's own admin token. */
export interface Principal {
  name: string;
  role: Role;
}

/** The principal of the install token (`$RINGMASTER_HOME/api-token` or RINGMASTER_API_TOKEN). */
export const INSTALL_PRINCIPAL: Principal = { name: 'admin', role: Role.admin };

/** User names: they are shown as createdBy / answeredBy and typed on command lines. */
export const USER_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$';
