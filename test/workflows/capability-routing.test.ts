import { afterEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { scriptedAgent, startHarness, type Harness } from '../support/task-harness.js';
import { removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

// A task that requires a capability no live worker has waits as waiting_for_worker, naming it;
// a real `ringmaster worker` process spawned with that capability (POST /api/workers/spawn) runs it.

let harness: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const dir of dirs.splice(0)) removeDir(dir);
});

describe('capability routing', () => {
  it('waits for a worker with gpu, then runs on the one spawned with it', async () => {
    harness = await startHarness('gpu', { spawner: true });
    const h = harness;
    const repo = makeTempGitRepo({ 'README.md': '# gpu\n' });
    dirs.push(repo);
    expect((await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'gpu', repoPath: repo } })).statusCode).toBe(201);
    const command = [process.execPath, scriptedAgent('write-file.mjs'), 'trained.txt', 'on the gpu'];
    const created = await h.app.inject({ method: 'POST', url: '/api/tasks', payload: { project: 'gpu', title: 'Train', agent: 'command', agentOptions: { command }, requires: ['gpu'] } });
    expect(created.statusCode).toBe(201);
    const { id } = created.json<{ id: string }>();
    const task = await h.run(async () => {
      const waiting = await h.waitFor(id, ['waiting_for_worker']);
      expect(waiting.step).toMatch(/^no live worker has gpu; start one with: ringmaster worker spawn --capability gpu$/);
      expect(waiting.requires).toEqual(['gpu']);
      const spawned = await h.app.inject({ method: 'POST', url: '/api/workers/spawn', payload: { capabilities: ['gpu'], slots: 1 } });
      expect(spawned.statusCode).toBe(201);
      const worker = spawned.json<{ id: string }>();
      const done = await h.waitFor(id, undefined, 120_000);
      return { done, worker };
    });
    expect(task.done.status).toBe('completed');
    // It ran on the spawned worker's host, not on the harness's own workers (which have no gpu).
    expect(task.done.hostId).toBe(task.worker.id);
    expect(fs.readFileSync(path.join(repo, 'trained.txt'), 'utf8')).toBe('on the gpu');
  }, 180_000);
});
