// Times whole-prompt builds along a repository's history (see bench/README.md).
// Run with `npm run bench:prompt -- --dataset <file.jsonl> --git-dir <repo> [--limit N] [--budget N] [--json]`.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { chronological, parseDataset } from './localize/dataset.js';
import { quantile } from './localize/metrics.js';
import { runPromptBenchmark } from './prompt/run-prompt-benchmark.js';

const usage = 'usage: prompt-build --dataset <file.jsonl> --git-dir <repo> [--limit N] [--budget N] [--json]';
const { values } = parseArgs({
  options: {
    dataset: { type: 'string' },
    'git-dir': { type: 'string' },
    limit: { type: 'string' },
    budget: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
if (values.dataset === undefined || values['git-dir'] === undefined) {
  console.error(usage);
  process.exit(2);
}
const tasks = chronological(parseDataset(fs.readFileSync(values.dataset, 'utf8'))).slice(0, values.limit === undefined ? undefined : Number(values.limit));
const result = await runPromptBenchmark({
  gitDir: values['git-dir'],
  tasks,
  ...(values.budget === undefined ? {} : { budgetTokens: Number(values.budget) }),
  onTask: values.json ? undefined : (done, total) => process.stderr.write(process.stderr.isTTY ? `\r${done}/${total}` : done % 25 === 0 || done === total ? `${done}/${total}\n` : ''),
});
const round = (ms: number) => Math.round(ms);
const summary = {
  sourceFiles: result.sourceFiles,
  tasks: result.warm.length + 1,
  cold: { ms: round(result.cold.ms), retrievalMs: round(result.cold.retrievalMs) },
  warm: {
    medianMs: round(
      quantile(
        result.warm.map((s) => s.ms),
        0.5,
      ),
    ),
    p95Ms: round(
      quantile(
        result.warm.map((s) => s.ms),
        0.95,
      ),
    ),
    retrievalMedianMs: round(
      quantile(
        result.warm.map((s) => s.retrievalMs),
        0.5,
      ),
    ),
    retrievalP95Ms: round(
      quantile(
        result.warm.map((s) => s.retrievalMs),
        0.95,
      ),
    ),
  },
  overBudget: [result.cold, ...result.warm].filter((s) => s.tokens > s.budget).length,
  maxTokens: Math.max(...[result.cold, ...result.warm].map((s) => s.tokens)),
  budget: result.cold.budget,
};
if (values.json) console.log(JSON.stringify(summary));
else {
  console.log(`\n${summary.tasks} prompts on ${summary.sourceFiles} source files, budget ${summary.budget} tokens`);
  console.log(`cold (first build): ${summary.cold.ms} ms, of which retrieval ${summary.cold.retrievalMs} ms`);
  console.log(`warm whole prompt: median ${summary.warm.medianMs} ms, p95 ${summary.warm.p95Ms} ms`);
  console.log(`warm retrieval:    median ${summary.warm.retrievalMedianMs} ms, p95 ${summary.warm.retrievalP95Ms} ms`);
  console.log(`largest prompt ${summary.maxTokens} tokens; prompts over budget: ${summary.overBudget}`);
}
