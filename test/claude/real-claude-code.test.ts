// Runs the real Claude Code CLI (the 2.1.330 devDependency) end to end against the scripted model
// server: real process, real tools, real git repository, no network.
// RINGMASTER_RECORD_CLAUDE_FIXTURES=1 rewrites the fixtures in test/fixtures/claude-code/ from these runs.
import { afterEach, describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { claudeTestEnv } from '../support/claude-test-env.js';
import { HEADLESS_ARGS, runClaudeCode, type ClaudeRun } from '../support/run-claude-code.js';
import { startScriptedAnthropicServer, type Script, type ScriptStep, type ScriptedAnthropicServer } from '../support/scripted-anthropic-server.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/claude-code/', import.meta.url));
const RECORD = process.env.RINGMASTER_RECORD_CLAUDE_FIXTURES === '1';
const CLI_TIMEOUT_MS = 120_000;

let server: ScriptedAnthropicServer | undefined;
const dirs: string[] = [];

afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const dir of dirs.splice(0)) removeDir(dir);
});

async function runScripted(repoFiles: Record<string, string>, script: (repo: string) => ScriptStep[] | Script, extraArgs: string[] = []): Promise<{ repo: string; run: ClaudeRun }> {
  const repo = makeTempGitRepo(repoFiles);
  const config = makeTempDir('ringmaster-claude-config-');
  dirs.push(repo, config);
  server = await startScriptedAnthropicServer(script(repo));
  const run = await runClaudeCode({ cwd: repo, env: claudeTestEnv(server.url, config), prompt: 'Do the scripted task.', args: [...HEADLESS_ARGS, ...extraArgs] });
  return { repo, run };
}

function lastLine(run: ClaudeRun): Record<string, unknown> {
  const last = run.lines.at(-1);
  if (!last) throw new Error(`no stream-json output; exit ${run.exitCode}, stderr: ${run.stderr}`);
  return last;
}

/** What a parser depends on: each line's type/subtype and, for messages, the content block types. */
function shape(lines: Record<string, unknown>[]): string[] {
  return lines.map((line) => {
    const content = (line.message as { content?: { type: string }[] } | undefined)?.content;
    const blocks = Array.isArray(content) ? `[${content.map((block) => block.type).join(',')}]` : '';
    return [line.type, line.subtype].filter((part) => typeof part === 'string').join('/') + blocks;
  });
}

/** Records `run` as a fixture, or checks that the committed fixture still has the shape it has. */
function matchFixture(name: string, run: ClaudeRun, ignoreTypes: string[] = []): void {
  const file = path.join(FIXTURES, name);
  if (RECORD) {
    fs.mkdirSync(FIXTURES, { recursive: true });
    fs.writeFileSync(file, run.stdout);
  }
  const recorded = fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const kept = (lines: Record<string, unknown>[]) => lines.filter((line) => !ignoreTypes.includes(String(line.type)));
  expect(shape(kept(run.lines))).toEqual(shape(kept(recorded)));
  expect(recorded[0]).toMatchObject({ type: 'system', subtype: 'init', claude_code_version: run.lines[0]?.claude_code_version });
  expect(Object.keys(recorded.at(-1)!).sort()).toEqual(Object.keys(lastLine(run)).sort());
}

describe('the real Claude Code CLI driven by the scripted model', () => {
  test(
    'writes the scripted file and ends with a successful, costed result',
    async () => {
      const content = 'Hello from the scripted model\n';
      const { repo, run } = await runScripted({ 'README.md': '# scratch\n' }, (dir) => [
        { toolUse: { name: 'Write', input: { file_path: path.join(dir, 'hello.txt'), content } } },
        { text: 'Created hello.txt. <promise>COMPLETE</promise>' },
      ]);

      expect({ exitCode: run.exitCode, stderr: run.stderr }).toEqual({ exitCode: 0, stderr: '' });
      expect(fs.readFileSync(path.join(repo, 'hello.txt'), 'utf8')).toBe(content);
      expect(run.lines[0]).toMatchObject({ type: 'system', subtype: 'init', cwd: repo, permissionMode: 'acceptEdits', claude_code_version: '2.1.330' });
      const result = lastLine(run);
      expect(result).toMatchObject({ type: 'result', subtype: 'success', is_error: false, num_turns: 2, terminal_reason: 'completed' });
      expect(result.result).toContain('<promise>COMPLETE</promise>');
      expect(result.total_cost_usd).toBeGreaterThan(0);
      // Only the two main-loop turns reached the server: no side calls, no preflight, no 404s.
      expect(server!.requests.map((request) => [request.kind, request.step])).toEqual([
        ['main', 0],
        ['main', 1],
      ]);
      expect(JSON.stringify(server!.requests[1]!.body)).toContain('"type":"tool_result"');
      matchFixture('scripted-write-success.jsonl', run);
    },
    CLI_TIMEOUT_MS,
  );

  test(
    'runs a multi-turn script: reads a file, edits it, then finishes; usage is summed per step',
    async () => {
      const { repo, run } = await runScripted({ 'notes.txt': 'alpha\nbeta\n' }, (dir) => [
        { toolUse: { name: 'Read', input: { file_path: path.join(dir, 'notes.txt') } }, usage: { input_tokens: 1_000, output_tokens: 10 } },
        { toolUse: { name: 'Edit', input: { file_path: path.join(dir, 'notes.txt'), old_string: 'beta', new_string: 'gamma' } }, usage: { input_tokens: 2_000, output_tokens: 20 } },
        { text: 'Edited notes.txt. <promise>COMPLETE</promise>', usage: { input_tokens: 3_000, output_tokens: 30 } },
      ]);

      expect(run.exitCode).toBe(0);
      expect(fs.readFileSync(path.join(repo, 'notes.txt'), 'utf8')).toBe('alpha\ngamma\n');
      expect(server!.mainLoopRequests().map((request) => request.step)).toEqual([0, 1, 2]);
      // The Read really ran: its output went back to the model in the next request.
      expect(JSON.stringify(server!.requests[1]!.body)).toMatch(/alpha.*beta/);
      expect(lastLine(run)).toMatchObject({ type: 'result', subtype: 'success', num_turns: 3, usage: { input_tokens: 6_000, output_tokens: 60 } });
    },
    CLI_TIMEOUT_MS,
  );

  test(
    'stops with error_max_budget_usd, with no further model turn, once a turn costs more than --max-budget-usd',
    async () => {
      const { run } = await runScripted(
        { 'README.md': '# scratch\n' },
        (dir) => [
          { toolUse: { name: 'Write', input: { file_path: path.join(dir, 'costly.txt'), content: 'x\n' } }, usage: { input_tokens: 200_000, output_tokens: 4_000 } },
          { text: 'Unreachable. <promise>COMPLETE</promise>' },
        ],
        ['--max-budget-usd', '0.05'],
      );

      expect(run.exitCode).toBe(1);
      const result = lastLine(run);
      expect(result).toMatchObject({
        type: 'result',
        subtype: 'error_max_budget_usd',
        is_error: true,
        terminal_reason: 'budget_exhausted',
        errors: ['Reached maximum budget ($0.05)'],
        num_turns: 1,
      });
      expect(result.total_cost_usd).toBeGreaterThan(0.05);
      expect(result.result).toBeUndefined();
      // Claude Code may start the streamed tool call before it checks the cost (seen in CI: costly.txt
      // written, the tool result printed); what the budget guarantees is that no further model turn runs.
      expect(server!.mainLoopRequests()).toHaveLength(1);
      expect(run.lines.filter((line) => line.type === 'assistant')).toHaveLength(1);
      matchFixture('scripted-budget-exceeded.jsonl', run, ['user']);
    },
    CLI_TIMEOUT_MS,
  );
});
