import { summarize, type ScoreSummary, type TaskScore } from './metrics.js';
import type { BenchmarkResult } from './run-benchmark.js';

/** Selector minus BM25, in points (×100) for recalls and hit rate, as is for MRR. */
export interface PointsOverBaseline {
  recall1: number;
  recall5: number;
  recall10: number;
  hit5: number;
  mrr: number;
}

/** The benchmark's figures per ranker, as `--json` prints them (recalls and hit rate as fractions 0–1). */
export interface BenchmarkReport {
  selector: ScoreSummary & {
    /** Cold: a fresh cache (nothing in memory or on disk), timed on the sampled tasks only. */
    coldMedianMs: number;
    coldP95Ms: number;
    coldTasks: number;
    /** The tasks whose text names no ground-truth file. */
    noName: ScoreSummary;
    pointsOverBm25: PointsOverBaseline;
    /** Ground-truth files present in the parent tree but outside the candidate pool. */
    outsidePool: number;
    /** Tasks left out because none of their files exists in the parent tree. */
    skippedTasks: number;
  };
  bm25: ScoreSummary & { withReadsMedianMs: number; withReadsP95Ms: number; noName: ScoreSummary };
}

/** The report of a benchmark run. Pure. */
export function buildReport(result: BenchmarkResult): BenchmarkReport {
  const noName = (scores: TaskScore[]): ScoreSummary => summarize(scores.filter((score) => score.namesNoFile));
  const cold = summarize(result.selectorCold);
  const reads = summarize(result.bm25WithReadsMs.map((ms) => ({ recall1: 0, recall5: 0, recall10: 0, hit5: 0, reciprocalRank: 0, ms, namesNoFile: false })));
  const selector = summarize(result.selector);
  const bm25 = summarize(result.bm25);
  const points = (pick: (s: ScoreSummary) => number, scale: number): number => Math.round((pick(selector) - pick(bm25)) * scale * 1000) / 1000;
  return {
    selector: {
      ...selector,
      coldMedianMs: cold.medianMs,
      coldP95Ms: cold.p95Ms,
      coldTasks: cold.tasks,
      noName: noName(result.selector),
      pointsOverBm25: {
        recall1: points((s) => s.recall1, 100),
        recall5: points((s) => s.recall5, 100),
        recall10: points((s) => s.recall10, 100),
        hit5: points((s) => s.hit5, 100),
        mrr: points((s) => s.mrr, 1),
      },
      outsidePool: result.outsidePool,
      skippedTasks: result.skipped,
    },
    bm25: { ...bm25, withReadsMedianMs: reads.medianMs, withReadsP95Ms: reads.p95Ms, noName: noName(result.bm25) },
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
    `skipped tasks (no ground-truth file in the parent tree): ${selector.skippedTasks}; ground-truth files outside the selector's pool: ${selector.outsidePool}`,
  ].join('\n');
}
