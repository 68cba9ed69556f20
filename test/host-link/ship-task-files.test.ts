import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import { taskFiles } from '../../config/task-files.js';
import { createTaskFileSender, type SendTaskFile } from '../../host-link/send-task-file.js';
import { createTaskFileShipper } from '../../host-link/ship-task-files.js';
import { freePort } from '../support/free-port.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testProject, testTask } from '../support/test-store.js';

// A host worker's task files, shipped as they grow to a real control plane listening on a port,
// where the API's own log and prompt routes read them.

let home: string;
let hostHome: string;
let port: number;
let api: TestApp;
let send: SendTaskFile;

beforeAll(async () => {
  home = makeTempDir();
  hostHome = makeTempDir();
  port = await freePort();
  api = await startTestApp(home, {}, { port });
  api.store.projects.create(testProject('p1'));
  await api.app.listen({ host: '127.0.0.1', port });
  // The install's admin token may call the host routes too (test/api/host-files.test.ts tries a host token).
  send = createTaskFileSender({ url: `http://127.0.0.1:${port}/`, token: api.token }, 'host-a');
});
afterAll(async () => {
  await api.close();
  removeDir(home);
  removeDir(hostHome);
});

let tasks = 0;
/** A running task on host-a; returns its id and its folders on the host and on the control plane. */
function addTask() {
  const id = `ship${++tasks}`;
  api.store.tasks.insert(testTask(id, 'p1'));
  api.store.tasks.update(id, { hostId: 'host-a' });
  const local = taskFiles(hostHome, id).dir;
  fs.mkdirSync(local, { recursive: true, mode: 0o700 });
  return { id, local, remote: taskFiles(home, id).dir };
}

const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0));

/** Waits until `file` on the control plane holds what `source` holds; returns how long that took (ms). */
// The lag is printed, not asserted: the machine is shared (the follow target of 1 s is measured, not timed here).
async function mirrored(source: string, file: string, timeoutMs = 15_000): Promise<number> {
  const started = Date.now();
  while (!read(file).equals(read(source))) {
    if (Date.now() - started > timeoutMs) throw new Error(`${file} holds ${read(file).length} of ${read(source).length} bytes after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now() - started;
}

describe('createTaskFileShipper', () => {
  it('mirrors growing files as they are written (lag printed), picks up new ones, and the API serves them', async () => {
    const { id, local, remote } = addTask();
    const shipper = createTaskFileShipper({ send, chunkBytes: 64 * 1024 });
    const follow = shipper.follow(id, local);
    const lags: number[] = [];
    const agentLog = `${local}/iteration-1.log`;
    for (const [n, text] of ['starting\n', 'read 3 files\nwrote slug.ts\n', `${'x'.repeat(300 * 1024)}\n`, 'half a line', ' and its end\n'].entries()) {
      fs.appendFileSync(agentLog, text, { mode: 0o600 });
      lags.push(await mirrored(agentLog, `${remote}/iteration-1.log`));
      if (n === 1) fs.writeFileSync(`${local}/prompt-1.md`, '# Write slug.ts\n', { mode: 0o600 });
    }
    fs.writeFileSync(`${local}/tests-1.log`, 'PASS slug.test.ts\n', { mode: 0o600 });
    lags.push(await mirrored(`${local}/tests-1.log`, `${remote}/tests-1.log`));
    // A name the control plane takes no file by is left alone.
    fs.writeFileSync(`${local}/setup.done`, '');
    console.log(`follow lag per write (ms): ${lags.join(', ')}`);
    await follow.stop();

    expect(read(`${remote}/prompt-1.md`).toString()).toBe('# Write slug.ts\n');
    expect(fs.existsSync(`${remote}/setup.done`)).toBe(false);
    const logs = await api.app.inject({ method: 'GET', url: `/api/tasks/${id}/logs` });
    expect(logs.body).toBe(`=== iteration 1: agent output ===\n${read(agentLog).toString()}=== iteration 1: test run ===\nPASS slug.test.ts\n`);
    const prompts = await api.app.inject({ method: 'GET', url: `/api/tasks/${id}/prompt` });
    expect(prompts.json()).toEqual({ prompts: [{ iteration: 1, text: '# Write slug.ts\n', report: null }] });
  });

  it('loses nothing while the control plane is down, and goes on once it is back', async () => {
    const { id, local, remote } = addTask();
    const warnings: string[] = [];
    const shipper = createTaskFileShipper({ send, logger: { warn: (_details, message) => warnings.push(message) } });
    const follow = shipper.follow(id, local);
    const agentLog = `${local}/iteration-1.log`;
    fs.writeFileSync(agentLog, 'before the outage\n', { mode: 0o600 });
    await mirrored(agentLog, `${remote}/iteration-1.log`);

    api.app.server.close();
    api.app.server.closeAllConnections();
    for (const line of ['during the outage 1\n', 'during the outage 2\n']) {
      fs.appendFileSync(agentLog, line);
      await new Promise((resolve) => setTimeout(resolve, 700));
    }
    fs.writeFileSync(`${local}/tests-1.log`, 'tests ran while it was down\n', { mode: 0o600 });
    expect(read(`${remote}/iteration-1.log`).toString()).toBe('before the outage\n');
    expect(warnings).toEqual([expect.stringContaining(`shipping the files of task ${id} failed`)]);

    await new Promise<void>((resolve) => api.app.server.listen(port, '127.0.0.1', resolve));
    const lag = await mirrored(agentLog, `${remote}/iteration-1.log`, 6000);
    await mirrored(`${local}/tests-1.log`, `${remote}/tests-1.log`);
    console.log(`caught up ${lag} ms after the control plane came back`);
    await follow.stop();
  });

  it('resends from the size the control plane answers when it lost part of a file', async () => {
    const { id, local, remote } = addTask();
    const follow = createTaskFileShipper({ send }).follow(id, local);
    fs.writeFileSync(`${local}/iteration-1.log`, 'one\n', { mode: 0o600 });
    await mirrored(`${local}/iteration-1.log`, `${remote}/iteration-1.log`);
    fs.rmSync(`${remote}/iteration-1.log`);
    fs.appendFileSync(`${local}/iteration-1.log`, 'two\n');
    await mirrored(`${local}/iteration-1.log`, `${remote}/iteration-1.log`);
    await follow.stop();
  });

  it('ships the last bytes on stop, however long its interval', async () => {
    const { id, local, remote } = addTask();
    const follow = createTaskFileShipper({ send, intervalMs: 60_000 }).follow(id, local);
    await new Promise((resolve) => setTimeout(resolve, 100));
    fs.writeFileSync(`${local}/iteration-2.log`, 'the very last line\n', { mode: 0o600 });
    fs.writeFileSync(`${local}/prompt-2.report.json`, '{"total":12}\n', { mode: 0o600 });
    await follow.stop();
    expect(read(`${remote}/iteration-2.log`).toString()).toBe('the very last line\n');
    expect(read(`${remote}/prompt-2.report.json`).toString()).toBe('{"total":12}\n');
  });

  it('shares one follower between the follows of a task: no chunk is sent twice, and the last stop ends it', async () => {
    const { id, local, remote } = addTask();
    const sent: string[] = [];
    const counting: SendTaskFile = (taskId, name, offset, bytes) => {
      sent.push(`${name}@${offset}+${bytes.length}`);
      return send(taskId, name, offset, bytes);
    };
    const shipper = createTaskFileShipper({ send: counting });
    const first = shipper.follow(id, local);
    const second = shipper.follow(id, local);
    fs.writeFileSync(`${local}/iteration-1.log`, 'agent\n', { mode: 0o600 });
    await mirrored(`${local}/iteration-1.log`, `${remote}/iteration-1.log`);
    await first.stop();
    fs.appendFileSync(`${local}/iteration-1.log`, 'still running\n');
    await mirrored(`${local}/iteration-1.log`, `${remote}/iteration-1.log`);
    await second.stop();
    fs.appendFileSync(`${local}/iteration-1.log`, 'after the last stop\n');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(sent).toEqual(['iteration-1.log@0+6', 'iteration-1.log@6+14']);
  });
});
