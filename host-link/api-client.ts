/** Thrown when the API answers with an error or cannot be reached; the message is for people. */
export class ApiClientError extends Error {
  override readonly name = 'ApiClientError';
  constructor(
    message: string,
    /** HTTP status, or undefined when the API could not be reached. */
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface ApiClientOptions {
  baseUrl: string;
  token?: string | undefined;
}

/** A small JSON client of the Ringmaster REST API, used by the CLI's commands. */
export function createApiClient(options: ApiClientOptions) {
  const headers = (json: boolean): Record<string, string> => ({
    ...(json ? { 'content-type': 'application/json' } : {}),
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
  });

  async function send(method: string, path: string, body?: unknown): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(`${options.baseUrl}${path}`, {
        method,
        headers: headers(body !== undefined),
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new ApiClientError(`cannot reach the Ringmaster API at ${options.baseUrl} (${cause?.code ?? cause?.message ?? (err as Error).message}); is \`ringmaster up\` running?`);
    }
    if (!res.ok) {
      const text = await res.text();
      let message = `${method} ${path} answered ${res.status}`;
      let code: string | undefined;
      try {
        const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
        if (parsed.error?.message) message = parsed.error.message;
        code = parsed.error?.code;
      } catch {
        if (text) message = `${message}: ${text.slice(0, 200)}`;
      }
      if (res.status === 401 && !options.token) {
        message = `${options.baseUrl} needs a token: set RINGMASTER_API_TOKEN, or run this on the machine of \`ringmaster up\` with the same RINGMASTER_HOME (it reads api-token there)`;
      }
      throw new ApiClientError(message, res.status, code);
    }
    return res;
  }

  return {
    async get<T>(path: string): Promise<T> {
      return (await (await send('GET', path)).json()) as T;
    },
    /** POSTs JSON; resolves undefined for 204 No Content. */
    async post<T>(path: string, body: unknown = {}): Promise<T> {
      const res = await send('POST', path, body);
      return (res.status === 204 ? undefined : await res.json()) as T;
    },
    /** PUTs JSON; resolves undefined for 204 No Content. */
    async put<T = void>(path: string, body: unknown): Promise<T> {
      const res = await send('PUT', path, body);
      return (res.status === 204 ? undefined : await res.json()) as T;
    },
    async patch<T>(path: string, body: unknown): Promise<T> {
      return (await (await send('PATCH', path, body)).json()) as T;
    },
    /** Sends a DELETE; resolves with the JSON body, if the API sent one. */
    async delete<T = void>(path: string): Promise<T> {
      const text = await (await send('DELETE', path)).text();
      return (text ? JSON.parse(text) : undefined) as T;
    },
    async text(path: string): Promise<string> {
      return (await send('GET', path)).text();
    },
    /** Opens a streaming GET (server-sent events); the caller reads `body`. */
    async stream(path: string): Promise<Response> {
      return send('GET', path);
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
