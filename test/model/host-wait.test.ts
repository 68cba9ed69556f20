import { describe, expect, it } from '@jest/globals';
import { AgentId } from '../../model/agents.js';
import { hostWait } from '../../model/host-wait.js';
import { TaskStatus } from '../../model/task-status.js';

const running = { status: TaskStatus.running, hostId: 'b', agent: AgentId.command };
const checkout = { remote: null };
const remote = { remote: 'git://127.0.0.1/app.git' };

describe('hostWait', () => {
  it('is null while the host has a live worker, or when the live hosts are unknown', () => {
    expect(hostWait(running, checkout, new Set(['a', 'b']), 10)).toBeNull();
    expect(hostWait(running, checkout, undefined, 10)).toBeNull();
  });

  it('says a task without a remote waits for its host, and one with a remote moves after hostLostMinutes', () => {
    expect(hostWait(running, checkout, new Set(['a']), 10)).toMatch(
      /^host b, which holds its worktree, is not running .*: its project has no remote, so the task cannot move and waits for b to come back/,
    );
    expect(hostWait(running, remote, new Set(['a']), 10)).toMatch(/: the task moves to another host once b has not been seen for 10 minute\(s\)$/);
  });

  it('is null for a finished task, one not on a host yet, and one an external worker holds', () => {
    expect(hostWait({ ...running, status: TaskStatus.completed }, checkout, new Set(), 10)).toBeNull();
    expect(hostWait({ ...running, hostId: null }, checkout, new Set(), 10)).toBeNull();
    expect(hostWait({ ...running, agent: AgentId.external }, checkout, new Set(), 10)).toBeNull();
  });
});
