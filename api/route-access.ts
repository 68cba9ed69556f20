import type { RouteAccess } from '../access/fastify-access.js';
import { Role } from '../model/roles.js';

/**
 * The role every route of the API needs: the one place to read who may do what. Viewer reads;
 * operator files, cancels, steers and answers tasks (and works them as an external worker);
 * admin manages projects, workers, releases, users and secrets.
 */
export const ROUTE_ACCESS: Readonly<Record<string, RouteAccess>> = {
  // Liveness for load balancers and health checks; the full report needs a token.
  'GET /health': 'open',
  // The contract and its browser (it asks for the token with "Authorize").
  'GET /openapi.json': 'open',
  // Prometheus scrapes with a token: a viewer's (`ringmaster user add prometheus --role viewer`) is enough.
  'GET /metrics': Role.viewer,
  'GET /api/metrics/summary': Role.viewer,
  'GET /api/metrics/by-project': Role.viewer,
  'GET /api/metrics/by-agent': Role.viewer,
  'GET /api/metrics/by-model': Role.viewer,

  // Bodies name tasks and questions, not secrets; a test delivery goes anywhere, so only an admin sends one.
  'GET /api/notifications': Role.viewer,
  'POST /api/notifications/test': Role.admin,

  'GET /api/projects': Role.viewer,
  'GET /api/projects/:id': Role.viewer,
  'POST /api/projects': Role.admin,
  'PATCH /api/projects/:id': Role.admin,
  'DELETE /api/projects/:id': Role.admin,
  'POST /api/projects/:id/prompt': Role.operator,
  'POST /api/projects/:id/reload': Role.admin,

  'GET /api/tasks': Role.viewer,
  'GET /api/tasks/:id': Role.viewer,
  'GET /api/tasks/:id/logs': Role.viewer,
  'GET /api/tasks/:id/prompt': Role.viewer,
  'POST /api/tasks': Role.operator,
  'PATCH /api/tasks/:id': Role.operator,
  'POST /api/tasks/:id/cancel': Role.operator,
  'POST /api/tasks/:id/retry': Role.operator,
  'POST /api/tasks/:id/decision': Role.operator,
  'POST /api/tasks/:id/review': Role.operator,
  'POST /api/tasks/:id/prompt': Role.operator,
  'DELETE /api/tasks/:id/dependencies/:dependsOn': Role.operator,

  'POST /api/external-workers/:id/pull': Role.operator,
  // Its alias from before external workers had their own path.
  'POST /api/workers/:id/pull': Role.operator,
  'POST /api/tasks/:id/heartbeat': Role.operator,
  'POST /api/tasks/:id/result': Role.operator,

  'GET /api/reloads': Role.viewer,
  'GET /api/reloads/:id': Role.viewer,

  'GET /api/workers': Role.viewer,
  'POST /api/workers/spawn': Role.admin,
  'DELETE /api/workers/:id': Role.admin,

  'GET /api/users': Role.admin,
  'POST /api/users': Role.admin,
  'DELETE /api/users/:name': Role.admin,

  'GET /api/hosts/:hostId/tasks': Role.host,
  'POST /api/hosts/:hostId/moved-away': Role.host,
  'POST /api/hosts/:hostId/tasks/:taskId/secrets': Role.host,
  'POST /api/hosts/:hostId/projects/:projectId/remote-credential': Role.host,
  'PUT /api/hosts/:hostId/tasks/:taskId/files/:name': Role.host,
  'GET /api/hosts/:hostId/projects/:projectId/commits/:commit/archive': Role.host,
  'POST /api/maintenance': Role.admin,
  'GET /api/worktrees': Role.viewer,
  'POST /api/worktrees/prune': Role.admin,

  'GET /api/secrets': Role.operator,
  'PUT /api/secrets/:name': Role.admin,
  'DELETE /api/secrets/:name': Role.admin,
};

/** True when the table (or the open docs) says who may use `method pattern`. */
export function isDeclared(method: string, pattern: string): boolean {
  const verb = method === 'HEAD' ? 'GET' : method;
  return (verb === 'GET' && (pattern === '/docs' || pattern.startsWith('/docs/'))) || `${verb} ${pattern}` in ROUTE_ACCESS;
}

/**
 * The access of a request's route. The Swagger UI's pages are open; a route missing from the
 * table needs an admin (so a new route is never open by accident); no route at all needs a viewer.
 */
export function accessOf(method: string, pattern: string | undefined): RouteAccess {
  if (pattern === undefined) return Role.viewer;
  if (method === 'GET' && (pattern === '/docs' || pattern.startsWith('/docs/'))) return 'open';
  return ROUTE_ACCESS[`${method} ${pattern}`] ?? Role.admin;
}
