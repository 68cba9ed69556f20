/** An answer of the REST API: its status code and parsed JSON body. */
export interface RestAnswer<T = unknown> {
  status: number;
  body: T;
}

/** A client of Ringmaster's REST API with the admin token, made for an API that may be down. */
export interface RestClient {
  /** One request; undefined when nothing answered (refused, reset, or no answer within 10 s). */
  request<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<RestAnswer<T> | undefined>;
  /**
   * Repeats the request while nothing answers or it answers 5xx (the API or Temporal being back
   * soon), and resolves with the first other answer. Throws once `timeoutMs` passed, naming the request.
   */
  requestAnswered<T>(method: string, path: string, body?: unknown, options?: { headers?: Record<string, string>; timeoutMs?: number }): Promise<RestAnswer<T>>;
}

/** Returns a client of the API at `baseUrl` that sends `Authorization: Bearer <token>`. */
export function createRestClient(baseUrl: string, token: string): RestClient {
  const request = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<RestAnswer<T> | undefined> => {
    try {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
    } catch {
      return undefined;
    }
  };
  return {
    request,
    async requestAnswered<T>(method: string, path: string, body?: unknown, options: { headers?: Record<string, string>; timeoutMs?: number } = {}) {
      const deadline = Date.now() + (options.timeoutMs ?? 120_000);
      let last: RestAnswer<T> | undefined;
      for (;;) {
        last = await request<T>(method, path, body, options.headers);
        if (last && last.status < 500) return last;
        if (Date.now() > deadline)
          throw new Error(`${method} ${path}: no answer below 500 within ${options.timeoutMs ?? 120_000} ms (last: ${last ? `${last.status} ${JSON.stringify(last.body)}` : 'nothing answered'})`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
  };
}
