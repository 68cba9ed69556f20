// Cuts a localization dataset from a repository's history, in the format of the fastify dataset
// (see bench/README.md): `node dist/bench/make-dataset.js --git-dir <repo> --repo owner/name
// --count 150 --out bench/datasets/<owner>__<name>.jsonl [--rev HEAD] [--max-files 5]`.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { runGit } from '../git/run-git.js';
import { decodeBlob } from '../enrich/retrieval/decode-blob.js';
import { GIT_LOG_ARGS, parseGitLog, type FileChange, type HistoryCommit } from '../enrich/retrieval/parse-git-log.js';
import { readBlobs } from '../enrich/retrieval/read-blobs.js';
import { looksGenerated } from '../enrich/retrieval/source-pool.js';
import { commitToTask, DEFAULT_TASK_RULES } from './localize/commit-to-task.js';
import { formatDataset, type LocalizationTask } from './localize/dataset.js';

const { values } = parseArgs({
  options: {
    'git-dir': { type: 'string' },
    repo: { type: 'string' },
    count: { type: 'string', default: '150' },
    out: { type: 'string' },
    rev: { type: 'string', default: 'HEAD' },
    'max-files': { type: 'string', default: String(DEFAULT_TASK_RULES.maxFiles) },
  },
});
if (values['git-dir'] === undefined || values.repo === undefined || values.out === undefined) {
  console.error('usage: make-dataset --git-dir <repo> --repo owner/name --out <file.jsonl> [--count 150] [--rev HEAD] [--max-files 5]');
  process.exit(2);
}
const gitDir = values['git-dir'];
const count = Number(values.count);
const rules = { minFiles: 1, maxFiles: Number(values['max-files']) };

/** The blob a change's path held: after the commit, or before it for a deletion. */
async function blobOf(commit: HistoryCommit, change: FileChange): Promise<string | undefined> {
  const revision = change.status === 'D' ? `${commit.parents[0]}:${change.path}` : `${commit.sha}:${change.path}`;
  const { stdout, exitCode } = await runGit(gitDir, ['rev-parse', '--verify', '--quiet', revision], { okExitCodes: [1, 128] });
  return exitCode === 0 ? stdout.trim() : undefined;
}

/** Whether each changed path of a commit holds generated text (read from git). */
async function generatedPaths(commit: HistoryCommit): Promise<Set<string>> {
  const shas = new Map<string, string>();
  for (const change of commit.changes) {
    const sha = await blobOf(commit, change);
    if (sha !== undefined) shas.set(sha, change.path);
  }
  const generated = new Set<string>();
  await readBlobs(gitDir, [...shas.keys()], 1_000_000, (answer) => {
    const text = decodeBlob(answer.content);
    if (text !== undefined && looksGenerated(text)) generated.add(shas.get(answer.sha)!);
  });
  return generated;
}

const args = GIT_LOG_ARGS.map((arg) => (arg === '-M' ? '--no-renames' : arg));
const { stdout } = await runGit(gitDir, [...args, '--no-merges', '--max-count=20000', values.rev, '--']);
const tasks: LocalizationTask[] = [];
for (const commit of parseGitLog(stdout)) {
  if (tasks.length >= count) break;
  // A cheap first pass with nothing generated, so only plausible commits are read from git.
  if (commitToTask(values.repo, commit, () => false, { minFiles: rules.minFiles, maxFiles: Number.MAX_SAFE_INTEGER }) === undefined) continue;
  const generated = await generatedPaths(commit);
  const task = commitToTask(values.repo, commit, (change) => generated.has(change.path), rules);
  if (task !== undefined) tasks.push(task);
}
fs.writeFileSync(values.out, formatDataset(tasks));
console.log(`${tasks.length} tasks written to ${values.out}`);
