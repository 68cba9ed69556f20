// Scores the file selector against plain BM25 on a localization dataset (see bench/README.md).
// Run with `npm run bench:localize -- --dataset <file.jsonl> --git-dir <bare repo> [--json] [--limit N] [--cold-every N]`.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { chronological, parseDataset } from './localize/dataset.js';
import { buildReport, formatReport } from './localize/format-report.js';
import { runBenchmark } from './localize/run-benchmark.js';

const usage = 'usage: localize --dataset <file.jsonl> --git-dir <repo> [--json] [--limit N] [--cold-every N] [--weights <json>]';
const { values } = parseArgs({
  options: {
    dataset: { type: 'string' },
    'git-dir': { type: 'string' },
    json: { type: 'boolean', default: false },
    limit: { type: 'string' },
    'cold-every': { type: 'string', default: '10' },
    weights: { type: 'string' },
  },
});
if (values.dataset === undefined || values['git-dir'] === undefined) {
  console.error(usage);
  process.exit(2);
}
const limit = values.limit === undefined ? undefined : Number(values.limit);
const tasks = chronological(parseDataset(fs.readFileSync(values.dataset, 'utf8'))).slice(0, limit);
const result = await runBenchmark({
  gitDir: values['git-dir'],
  tasks,
  coldEvery: Number(values['cold-every']),
  weights: values.weights === undefined ? undefined : (JSON.parse(values.weights) as Record<string, number>),
  onTask: values.json ? undefined : (done, total) => process.stderr.write(process.stderr.isTTY ? `\r${done}/${total}` : done % 25 === 0 || done === total ? `${done}/${total}\n` : ''),
});
const report = buildReport(result);
if (values.json) console.log(JSON.stringify(report));
else console.log(`\n${formatReport(report)}`);
