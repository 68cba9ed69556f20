import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { execa } from 'execa';
import { Type } from 'typebox';
import { resolveCommit } from '../../git/read-refs.js';
import type { ProjectRepository } from '../../store/project-repository.js';
import { ErrorBody, ErrorCode, HttpError } from '../errors.js';

const Params = Type.Object({
  hostId: Type.String({ minLength: 1, maxLength: 128 }),
  projectId: Type.String({ minLength: 1, maxLength: 128 }),
  commit: Type.String({ pattern: '^[0-9a-f]{40}$', description: 'The full commit id of the release' }),
});

/**
 * GET /api/hosts/:hostId/projects/:projectId/commits/:commit/archive: the files of a commit as
 * a tar stream (`git archive`), for a host worker building a release of a project whose
 * repository is a checkout on the control plane's machine (Ringmaster itself, or `deployHosts`).
 */
export const hostReleaseRoutes =
  (deps: { projects: ProjectRepository }): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/hosts/:hostId/projects/:projectId/commits/:commit/archive',
      {
        schema: {
          summary: "A commit's files as a tar archive, for a host building a release (role host)",
          tags: ['hosts'],
          params: Params,
          produces: ['application/x-tar'],
          response: { 200: Type.Unsafe<NodeJS.ReadableStream>({ type: 'string', format: 'binary', description: 'A tar stream' }), 403: ErrorBody, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        const { projectId, commit } = request.params;
        const project = deps.projects.get(projectId);
        if (!project) throw new HttpError(404, ErrorCode.notFound, `no project '${projectId}'`);
        // Hosts see a checkout's files only when its releases run on hosts.
        if (!project.self && project.deployHosts.length === 0) {
          throw new HttpError(403, ErrorCode.forbidden, `project ${project.name} is released on the control plane only (no deployHosts): hosts get none of its files`);
        }
        if ((await resolveCommit(project.repoPath, commit)) !== commit) {
          throw new HttpError(404, ErrorCode.notFound, `project ${project.name} has no commit ${commit}`);
        }
        const archive = execa('git', ['archive', '--format=tar', commit], { cwd: project.repoPath, buffer: false, stderr: 'ignore' });
        // A client that goes away stops the archive; a failed archive ends the stream short (tar -x then fails).
        archive.catch(() => undefined);
        // The response's close, not the request's: a request closes once it has been read, which
        // for a GET can be long before the archive has been sent (it was cut short under load).
        reply.raw.once('close', () => {
          if (!reply.raw.writableFinished) archive.kill();
        });
        return reply.type('application/x-tar').send(archive.stdout);
      },
    );
  };
