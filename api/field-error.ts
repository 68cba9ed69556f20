import { ErrorCode, HttpError } from './errors.js';

/** A 400 naming one field of the request, in the same shape schema validation uses. */
export function fieldError(field: string, message: string): HttpError {
  return new HttpError(400, ErrorCode.validationFailed, `${field} ${message}`, { fields: [{ field, message }] });
}
