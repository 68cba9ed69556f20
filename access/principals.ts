import { INSTALL_PRINCIPAL, type Principal } from '../model/roles.js';
import type { UserRepository } from '../store/user-repository.js';
import { hashToken, sameSecret } from './tokens.js';

/**
 * Returns the lookup from a bearer token to who holds it: the install token is the admin, any
 * other token is looked up by its hash among the users (removing a user revokes it at once).
 */
export function createPrincipalLookup(deps: { installToken: string; users: Pick<UserRepository, 'byTokenHash'> }): (token: string) => Principal | undefined {
  return (token) => {
    if (sameSecret(token, deps.installToken)) return INSTALL_PRINCIPAL;
    const user = deps.users.byTokenHash(hashToken(token));
    return user && { name: user.name, role: user.role };
  };
}
