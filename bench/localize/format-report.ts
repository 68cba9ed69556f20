import { summarize, type ScoreSummary, type TaskScore } from './metrics.js';
import type { BenchmarkResult } from './run-benchmark.js';

/** The benchmark's figures per ranker, as `--json` prints them (recalls and hit rate as fractions). */
export interface BenchmarkReport {
  selector: ScoreSummary & { coldMedianMs: number; coldP95Ms: number; coldTasks: number; noName: ScoreSummary; outsidePool: number };
  bm25: ScoreSummary & { withReadsMedianMs: number; withReadsP95Ms: number; noName: ScoreSummary };
  skipped: number;
}

/** The report of a benchmark run. Pure. */
export function buildReport(result: BenchmarkResult): BenchmarkReport {
  const noName = (scores: TaskScore[]): ScoreSummary => summarize(scores.filter((score) => score.namesNoFile));
  const cold = summarize(result.selectorCold);
  const reads = summarize(result.bm25WithReadsMs.map((ms) => ({ recall1: 0, recall5: 0, recall10: 0, hit5: 0, reciprocalRank: 0, ms, namesNoFile: false })));
  return {
    selector: { ...summarize(result.selector), coldMedianMs: cold.medianMs, coldP95Ms: cold.p95Ms, coldTasks: cold.tasks, noName: noName(result.selector), outsidePool: result.outsidePool },
    bm25: { ...summarize(result.bm25), withReadsMedianMs: reads.medianMs, withReadsP95Ms: reads.p95Ms, noName: noName(result.bm25) },
    skipped: result.skipped,
  };
}

const pct = (value: number): string => (value * 100).toFixed(1);
const ms = (value: number): string => (value < 10 ? value.toFixed(1) : value.toFixed(0));

function row(name: string, s: ScoreSummary, timing: string): string {
  return `| ${name} | ${pct(s.recall1)} | ${pct(s.recall5)} | ${pct(s.recall10)} | ${pct(s.hit5)} | ${s.mrr.toFixed(3)} | ${s.tasks} | ${timing} |`;
}

/** The report as a Markdown table with the selector/BM25 differences underneath. Pure. */
export function formatReport(report: BenchmarkReport): string {
  const { selector, bm25 } = report;
  const diff = (pick: (s: ScoreSummary) => number, scale = 100): string => {
    const a = pick(selector);
    const b = pick(bm25);
    const ratio = b === 0 ? '—' : (a / b).toFixed(2);
    return `${((a - b) * scale).toFixed(scale === 100 ? 1 : 3)} (×${ratio})`;
  };
  return [
    '| ranker | R@1 | R@5 | R@10 | hit@5 | MRR | tasks | median / p95 ms per task |',
    '|---|---|---|---|---|---|---|---|',
    row('selector', selector, `warm ${ms(selector.medianMs)} / ${ms(selector.p95Ms)}; cold ${ms(selector.coldMedianMs)} / ${ms(selector.coldP95Ms)} (${selector.coldTasks} sampled)`),
    row('BM25', bm25, `${ms(bm25.medianMs)} / ${ms(bm25.p95Ms)} (${ms(bm25.withReadsMedianMs)} / ${ms(bm25.withReadsP95Ms)} with git reads)`),
    row('selector, tasks naming no file', selector.noName, ''),
    row('BM25, tasks naming no file', bm25.noName, ''),
    '',
    `selector − BM25 (points, ratio): R@1 ${diff((s) => s.recall1)}, R@5 ${diff((s) => s.recall5)}, R@10 ${diff((s) => s.recall10)}, hit@5 ${diff((s) => s.hit5)}, MRR ${diff((s) => s.mrr, 1)}`,
    `no-name stratum: R@5 ${((selector.noName.recall5 - bm25.noName.recall5) * 100).toFixed(1)}, hit@5 ${((selector.noName.hit5 - bm25.noName.hit5) * 100).toFixed(1)} points`,
    `skipped tasks (no ground-truth file in the parent tree): ${report.skipped}; ground-truth files outside the selector's pool: ${selector.outsidePool}`,
  ].join('\n');
}
