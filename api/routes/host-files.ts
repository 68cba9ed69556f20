import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fs from 'node:fs';
import path from 'node:path';
import { Type } from 'typebox';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../../config/private-files.js';
import { taskFiles } from '../../config/task-files.js';
import { TASK_ID_PATTERN } from '../../model/ids.js';
import { SHIPPED_CHUNK_LIMIT, SHIPPED_FILE_NAME_MAX, SHIPPED_FILE_NAME_PATTERN } from '../../model/shipped-files.js';
import type { TaskRepository } from '../../store/task-repository.js';
import { ErrorBody, ErrorCode, HttpError } from '../errors.js';

const Params = Type.Object({
  hostId: Type.String({ minLength: 1, maxLength: 128 }),
  taskId: Type.String({ pattern: TASK_ID_PATTERN }),
  name: Type.String({ pattern: SHIPPED_FILE_NAME_PATTERN, maxLength: SHIPPED_FILE_NAME_MAX, description: 'e.g. iteration-1.log, prompt-2.report.json' }),
});
const Query = Type.Object({ offset: Type.Integer({ minimum: 0, description: 'Where in the file the body starts' }) }, { additionalProperties: false });

/**
 * Writes `bytes`, which start at `offset` of the host's copy, into `file` and returns the file's
 * new size: bytes already here are skipped (a retried request changes nothing). Throws a 409
 * HttpError with `details.size` when the file is shorter than `offset` (the host must resend from there).
 */
function writeAt(file: string, offset: number, bytes: Buffer): number {
  const size = fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  if (size < offset) {
    throw new HttpError(409, ErrorCode.conflict, `query.offset: ${path.basename(file)} has ${size} bytes here, not ${offset}; send from ${size}`, { size });
  }
  const beyond = bytes.subarray(size - offset);
  if (beyond.length === 0) return size;
  ensurePrivateDir(path.dirname(file));
  // Sync on purpose: nothing else in this process writes the file between the stat and the append.
  const fd = fs.openSync(file, 'a', PRIVATE_FILE_MODE);
  try {
    for (let written = 0; written < beyond.length;) written += fs.writeSync(fd, beyond, written);
  } finally {
    fs.closeSync(fd);
  }
  return size + beyond.length;
}

/**
 * PUT /api/hosts/:hostId/tasks/:taskId/files/:name?offset=n: a host worker (`worker --control`,
 * whose data dir is on its own machine) ships the growth of a task's log, prompt or report into
 * this data dir, where GET /api/tasks/:id/logs and /prompt read them. Answers the file's size here.
 */
export const hostFileRoutes =
  (deps: { home: string; tasks: TaskRepository }): FastifyPluginAsyncTypebox =>
  async (app) => {
    // Raw bodies only in this plugin's scope: the rest of the API stays JSON.
    app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: SHIPPED_CHUNK_LIMIT }, (_request, body, done) => done(null, body));
    app.put(
      '/api/hosts/:hostId/tasks/:taskId/files/:name',
      {
        bodyLimit: SHIPPED_CHUNK_LIMIT,
        schema: {
          summary: "A host worker appends to a task's log, prompt or prompt report (role host); a repeated chunk is a no-op",
          tags: ['hosts'],
          consumes: ['application/octet-stream'],
          params: Params,
          querystring: Query,
          response: {
            200: Type.Object({ size: Type.Integer({ description: 'The size of the file here after the write' }) }),
            400: ErrorBody,
            404: ErrorBody,
            409: ErrorBody,
            413: ErrorBody,
            415: ErrorBody,
          },
        },
      },
      async (request) => {
        const { hostId, taskId, name } = request.params;
        const task = deps.tasks.get(taskId);
        if (!task) throw new HttpError(404, ErrorCode.notFound, `no task '${taskId}'`);
        if (task.hostId && task.hostId !== hostId) throw new HttpError(409, ErrorCode.conflict, `task ${taskId} runs on host ${task.hostId}, not ${hostId}`);
        if (!Buffer.isBuffer(request.body)) throw new HttpError(415, ErrorCode.unsupportedMediaType, 'the body must be the raw bytes (content-type: application/octet-stream)');
        return { size: writeAt(path.join(taskFiles(deps.home, taskId).dir, name), request.query.offset, request.body) };
      },
    );
  };
