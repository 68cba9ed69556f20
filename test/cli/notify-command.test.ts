import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCliAsync } from '../support/cli.js';
import { freePort } from '../support/free-port.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// `ringmaster notify test <url>` against a real API listening on a port and a receiver on 127.0.0.1.

let home: string;
let api: TestApp;
let apiUrl: string;
let receiver: http.Server;
let hookUrl: string;
const received: { body: string; signature: string | undefined }[] = [];

beforeAll(async () => {
  home = makeTempDir('ringmaster-notify-cli-');
  const port = await freePort();
  api = await startTestApp(home, {}, { port });
  await api.app.listen({ host: '127.0.0.1', port });
  apiUrl = `http://127.0.0.1:${port}`;
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ body, signature: req.headers['x-ringmaster-signature-256'] as string | undefined });
      res.writeHead(req.url === '/gone' ? 410 : 204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  api.vault.setNamed('HOOK_SECRET', 'cli-secret', 'admin');
});
afterAll(async () => {
  await api.close();
  await new Promise((resolve) => receiver.close(resolve));
  removeDir(home);
});

const cli = (...args: string[]) => runCliAsync(['notify', 'test', ...args, '--api-url', apiUrl], { ...process.env, RINGMASTER_HOME: home });

describe('ringmaster notify test', () => {
  it('sends a signed test notification and prints what the receiver answered', async () => {
    const sent = await cli(`${hookUrl}/hook`, '--secret', 'HOOK_SECRET');
    expect(sent.stderr).toBe('');
    expect(sent.status).toBe(0);
    expect(sent.stdout).toMatch(new RegExp(`^delivered: ${hookUrl}/hook → HTTP 204 in \\d+ ms \\(signed\\)\\n$`));
    const [delivery] = received;
    expect(JSON.parse(delivery!.body)).toMatchObject({ event: 'test', text: 'Test notification from Ringmaster (test)' });
    expect(delivery!.signature).toBe(`sha256=${createHmac('sha256', 'cli-secret').update(delivery!.body).digest('hex')}`);
  });

  it('exits 1 when the receiver refuses or nobody listens, and for bad input', async () => {
    const refused = await cli(`${hookUrl}/gone`);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(new RegExp(`^not delivered: ${hookUrl}/gone → HTTP 410 in \\d+ ms\\n$`));
    const nobody = await cli(`http://127.0.0.1:${await freePort()}/`);
    expect(nobody.status).toBe(1);
    expect(nobody.stdout).toContain('→ no answer (ECONNREFUSED)');
    expect(await cli('ftp://example.com/')).toMatchObject({ status: 1, stderr: 'ringmaster: <url> must start with http:// or https://, got "ftp://example.com/"\n' });
    const unknownSecret = await cli(`${hookUrl}/hook`, '--secret', 'NOT_STORED');
    expect(unknownSecret.status).toBe(1);
    expect(unknownSecret.stderr).toContain("body.secret names no stored secret 'NOT_STORED'");
  }, 30_000);
});
