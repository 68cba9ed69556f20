import type { Principal, Role } from '../model/roles.js';
import { roleAllows } from '../model/roles.js';

/** Why a request is turned away: an HTTP status, a stable code and a message for people. */
export interface Refusal {
  status: 401 | 403 | 421;
  code: 'unauthorized' | 'forbidden' | 'misdirected_request';
  message: string;
}

/** What the access check needs to know of one request. */
export interface AccessRequest {
  host: string | undefined;
  origin: string | undefined;
  authorization: string | undefined;
  /** The role the route needs; undefined when it answers without a token (bare /health, the docs). */
  needs: Role | undefined;
}

export interface AccessPolicy {
  hosts: Set<string>;
  origins: Set<string>;
  /** The principal a bearer token stands for, or undefined when it stands for none. */
  principalOf(token: string): Principal | undefined;
}

/**
 * The first half of checkAccess: a foreign `Host` is 421 (another site's name resolving to us), a
 * foreign `Origin` 403 (a page elsewhere); undefined when both are ours. Pure.
 */
export function checkHostAndOrigin(request: Pick<AccessRequest, 'host' | 'origin'>, policy: Pick<AccessPolicy, 'hosts' | 'origins'>): Refusal | undefined {
  const host = request.host?.toLowerCase();
  if (!host || !policy.hosts.has(host)) {
    return { status: 421, code: 'misdirected_request', message: `this server does not answer to the host '${request.host ?? ''}'; use one it serves, or set RINGMASTER_PUBLIC_URL` };
  }
  if (request.origin !== undefined && !policy.origins.has(request.origin.toLowerCase())) {
    return { status: 403, code: 'forbidden', message: `requests from pages of '${request.origin}' are refused` };
  }
  return undefined;
}

/**
 * Decides a request, pure: a foreign `Host` is 421 (another site's name resolving to us), a foreign
 * `Origin` 403 (a page elsewhere), a missing or wrong token 401, too small a role 403 naming the
 * role needed. Returns the principal (undefined for an anonymous request to an open route).
 */
export function checkAccess(request: AccessRequest, policy: AccessPolicy): { principal: Principal | undefined } | { refusal: Refusal } {
  const misplaced = checkHostAndOrigin(request, policy);
  if (misplaced) return { refusal: misplaced };
  const header = request.authorization;
  if (!header) {
    if (request.needs === undefined) return { principal: undefined };
    return { refusal: { status: 401, code: 'unauthorized', message: 'send Authorization: Bearer <token> (the token is in $RINGMASTER_HOME/api-token)' } };
  }
  const match = /^Bearer ([^\s]+)$/i.exec(header);
  const principal = match ? policy.principalOf(match[1]!) : undefined;
  if (!principal) return { refusal: { status: 401, code: 'unauthorized', message: 'the bearer token is wrong' } };
  if (request.needs !== undefined && !roleAllows(principal.role, request.needs)) {
    return { refusal: { status: 403, code: 'forbidden', message: `this needs the ${request.needs} role; ${principal.name} is ${principal.role}` } };
  }
  return { principal };
}
