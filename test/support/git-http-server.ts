import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHttpServer {
  /** `http://127.0.0.1:<port>/<name>` for the repository `<baseDir>/<name>`. */
  url(name: string): string;
  /** `Authorization` values the server received, in order (to check what was sent). */
  authorizations: string[];
  close(): Promise<void>;
}

/** Splits a CGI response into its status, headers and the body bytes that follow. */
function parseCgiHead(head: string): { status: number; headers: [string, string][] } {
  let status = 200;
  const headers: [string, string][] = [];
  for (const line of head.split(/\r?\n/).filter(Boolean)) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
    else headers.push([name, value]);
  }
  return { status, headers };
}

function serveThroughBackend(baseDir: string, user: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const child = spawn('git', ['http-backend'], {
    stdio: ['pipe', 'pipe', 'ignore'],
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_PROJECT_ROOT: baseDir,
      GIT_HTTP_EXPORT_ALL: '1',
      // git http-backend allows pushes only from an authenticated user.
      REMOTE_USER: user,
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: req.headers['content-encoding'] } : {}),
      ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
    },
  });
  req.pipe(child.stdin);
  child.stdin.on('error', () => undefined);
  let buffered = Buffer.alloc(0);
  let headSent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headSent) return void res.write(chunk);
    buffered = Buffer.concat([buffered, chunk]);
    const end = buffered.indexOf('\r\n\r\n') !== -1 ? buffered.indexOf('\r\n\r\n') + 4 : buffered.indexOf('\n\n') !== -1 ? buffered.indexOf('\n\n') + 2 : -1;
    if (end === -1) return;
    const { status, headers } = parseCgiHead(buffered.subarray(0, end).toString('latin1'));
    res.writeHead(status, headers);
    headSent = true;
    res.write(buffered.subarray(end));
  });
  child.on('close', () => {
    if (!headSent) res.writeHead(502);
    res.end();
  });
}

/**
 * Starts a real `git http-backend` behind an HTTP server on 127.0.0.1 that serves (fetch and push)
 * every repository under `baseDir` only to requests with HTTP Basic `user:password`; the rest get
 * 401 with a challenge, as a git host would answer.
 */
export async function startGitHttpServer(baseDir: string, credentials: { user: string; password: string }): Promise<GitHttpServer> {
  fs.mkdirSync(baseDir, { recursive: true });
  const expected = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
  const authorizations: string[] = [];
  const server = http.createServer((req, res) => {
    const given = req.headers.authorization;
    if (given) authorizations.push(given);
    if (given !== expected) {
      req.resume();
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end('authentication required\n');
      return;
    }
    serveThroughBackend(baseDir, credentials.user, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (name) => `http://127.0.0.1:${port}/${name}`,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
