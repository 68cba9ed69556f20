import type { FastifyError, FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { describeSchemaIssues, type SchemaIssue } from '../model/schema-errors.js';

/** Every error code the REST API returns; documented in docs/errors.md. */
export const ErrorCode = {
  validationFailed: 'validation_failed',
  badRequest: 'bad_request',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  misdirectedRequest: 'misdirected_request',
  notFound: 'not_found',
  conflict: 'conflict',
  secretMissing: 'secret_missing',
  payloadTooLarge: 'payload_too_large',
  unsupportedMediaType: 'unsupported_media_type',
  serviceUnavailable: 'service_unavailable',
  internalError: 'internal_error',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The one error body of the API: `{ error: { code, message, details } }`. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable machine-readable code, see docs/errors.md' }),
      message: Type.String({ description: 'What went wrong, naming the field or resource' }),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: 'ErrorBody', description: 'Every error response has this shape' },
);
export type ErrorBody = Static<typeof ErrorBody>;

/** An error meant for the API client: thrown by route handlers, rendered by the error handler. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function errorBody(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

type ValidationFailure = FastifyError & { validation: SchemaIssue[]; validationContext?: string };

const BY_FASTIFY_CODE: Record<string, [number, ErrorCode]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, ErrorCode.payloadTooLarge],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, ErrorCode.unsupportedMediaType],
};

/**
 * Installs the error and not-found handlers so that every failure, including fastify's own
 * (bad JSON, too large, unknown route), answers in the one error format, never a stack trace.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => reply.code(404).send(errorBody(ErrorCode.notFound, `no route ${request.method} ${request.url.split('?')[0]}`)));
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof HttpError) {
      return reply.code(err.statusCode).send(errorBody(err.code, err.message, err.details));
    }
    if ('validation' in err && Array.isArray(err.validation)) {
      const failure = err as ValidationFailure;
      const fields = describeSchemaIssues(failure.validation, failure.validationContext ?? 'body');
      const message = fields.map((f) => `${f.field} ${f.message}`).join('; ');
      return reply.code(400).send(errorBody(ErrorCode.validationFailed, message, { fields }));
    }
    const known = BY_FASTIFY_CODE[err.code];
    if (known) return reply.code(known[0]).send(errorBody(known[1], err.message));
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.code(err.statusCode).send(errorBody(ErrorCode.badRequest, err.message));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.code(500).send(errorBody(ErrorCode.internalError, 'internal error; see the API log for details'));
  });
}
