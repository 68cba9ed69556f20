// Crashes Ringmaster's processes while it works and checks that nothing was lost (see bench/README.md).
// Run with `npm run bench:chaos [-- --seed N --tasks N --projects N --kills N --json --keep]`; CHAOS_SEED
// also sets the seed. Prints the kills, recovery times and totals as Markdown and JSON; exits 1
// when a check failed (the seed replays the same scenario).
import { parseArgs } from 'node:util';
import { ensureTemporalCli } from '../toolchain/temporal-cli.js';
import { buildChaosReport, formatChaosReport } from './chaos/format-chaos-report.js';
import { runChaos } from './chaos/run-chaos.js';
import { freshSeed, parseSeed } from './chaos/seeded-random.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    tasks: { type: 'string', default: '21' },
    projects: { type: 'string', default: '3' },
    kills: { type: 'string', default: '12' },
    json: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const given = values.seed ?? process.env.CHAOS_SEED;
const seed = given === undefined ? freshSeed() : parseSeed(given);
const count = (name: 'tasks' | 'projects' | 'kills'): number => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`--${name} wants a positive integer, got ${values[name]}`);
  return n;
};

const { path: temporalBin } = await ensureTemporalCli({ onProgress: (line) => console.error(line) });
console.error(`chaos seed ${seed} (replay with --seed ${seed} or CHAOS_SEED=${seed})`);
const run = await runChaos({
  seed,
  size: { tasks: count('tasks'), projects: count('projects'), kills: count('kills'), workMs: { min: 4000, max: 20_000 }, pauseMs: { min: 2000, max: 12_000 }, givesUp: true },
  temporalBin,
  finishTimeoutMs: 10 * 60_000,
  stallMs: 3 * 60_000,
  keepDir: values.keep,
  log: (line) => console.error(`[chaos] ${line}`),
});
const report = buildChaosReport(run);
if (!values.json) console.log(`\n${formatChaosReport(report)}\n`);
console.log(JSON.stringify(report));
process.exitCode = report.verdict.ok ? 0 : 1;
