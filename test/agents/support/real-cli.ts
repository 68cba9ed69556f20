import { afterEach, beforeEach, expect } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { runAgent, type RunAgentInput } from '../../../agents/run-agent.js';
import type { AgentId } from '../../../model/agents.js';
import type { AgentOptions } from '../../../model/task-input.js';
import { makeTempDir, removeDir } from '../../support/temp-dir.js';
import { SHELL_HOSTILE_PROMPT } from './invocation-input.js';

/** A per-test folder for a real agent CLI: an empty worktree, its logs, and the scripted servers to close. */
export interface RealCliSandbox {
  readonly dir: string;
  readonly worktree: string;
  /** Closes `server` after the test. */
  track<T extends { close(): Promise<void> }>(server: T): T;
  /** Runs `agentId` once in the worktree on the shell-hostile prompt (or `more.prompt`), stopped after 45 s. */
  run(agentId: AgentId, options: AgentOptions, more?: Partial<RunAgentInput>): ReturnType<typeof runAgent>;
}

/** Registers beforeEach/afterEach that give each test a fresh sandbox under a `prefix` temp dir. */
export function useRealCliSandbox(prefix: string): RealCliSandbox {
  let dir = '';
  const servers: { close(): Promise<void> }[] = [];
  beforeEach(() => {
    dir = makeTempDir(prefix);
    fs.mkdirSync(path.join(dir, 'worktree'));
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
    // RINGMASTER_CAPTURE_DIR=<dir> keeps each test's run log there: how the ringmaster-capture fixtures are made.
    const capture = process.env.RINGMASTER_CAPTURE_DIR;
    const log = path.join(dir, 'logs', 'iteration-1.log');
    if (capture && fs.existsSync(log)) {
      fs.mkdirSync(capture, { recursive: true });
      fs.copyFileSync(log, path.join(capture, `${(expect.getState().currentTestName ?? 'run').replace(/[^\w.-]+/g, '-').slice(0, 80)}.log`));
    }
    removeDir(dir);
  });
  return {
    get dir() {
      return dir;
    },
    get worktree() {
      return path.join(dir, 'worktree');
    },
    track(server) {
      servers.push(server);
      return server;
    },
    run(agentId, options, more = {}) {
      const promptFile = path.join(dir, 'prompt-1.md');
      fs.writeFileSync(promptFile, more.prompt ?? SHELL_HOSTILE_PROMPT);
      return runAgent({
        agentId,
        prompt: SHELL_HOSTILE_PROMPT,
        promptFile,
        worktree: path.join(dir, 'worktree'),
        logFile: path.join(dir, 'logs', 'iteration-1.log'),
        options,
        // A run that goes wrong is stopped well before the test's own timeout.
        timeoutMs: 45_000,
        ...more,
      });
    },
  };
}
