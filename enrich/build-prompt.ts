import fs from 'node:fs';
import path from 'node:path';
import type { Carry } from '../model/task-loop.js';
import { enabledLayers, LAYER_NAMES, type LayerName, type PromptSettings } from '../model/prompt-settings.js';
import type { LayerReport, PromptReport } from '../model/prompt-report.js';
import { planBudget, reassignUnused, smallLayerCaps } from './budget.js';
import { renderHistoryLayer } from './layers/history-layer.js';
import { renderInstructionsLayer } from './layers/instructions-layer.js';
import { emptyLayer, type RenderedLayer } from './layers/layer-output.js';
import { renderLessonsLayer, type PreviousIteration } from './layers/lessons-layer.js';
import { renderProtocolLayer } from './layers/protocol-layer.js';
import { extractQueryTerms } from './layers/query-terms.js';
import { readInstructionFiles } from './layers/read-instruction-files.js';
import { readRecentCommits } from './layers/read-recent-commits.js';
import { readTextPrefix } from './layers/read-text-prefix.js';
import type { RelatedTask } from '../model/related-task.js';
import { renderRelatedLayer } from './layers/related-layer.js';
import { renderRelevantFilesLayer } from './layers/relevant-files-layer.js';
import { renderRepoMap } from './layers/repo-map.js';
import { renderTaskLayer } from './layers/task-layer.js';
import { renderVerifyLayer } from './layers/verify-layer.js';
import type { ProjectLesson } from './layers/rank-lessons.js';
import type { RankedFile } from './retrieval/ranked-file.js';
import { rankFiles } from './retrieval/rank-files.js';
import { createRepoIndexCache } from './retrieval/repo-index-cache.js';
import type { RepoIndex } from './retrieval/repo-index.js';
import { countTokens } from './tokens.js';

/** Everything one prompt is built from. */
export interface PromptRequest {
  /** Cache key of the repository's index (the project id). */
  key: string;
  projectName: string;
  /** A git directory to read the commit from: the task's worktree, or the project's repository. */
  repoDir: string;
  commit: string;
  /** Where the files as the agent sees them are (the worktree); instructions and file text are read here. Default: repoDir. */
  workDir?: string;
  task: { title: string; description: string; acceptanceCriteria: string[] };
  iteration: number;
  maxIterations: number;
  testCommand: string[] | null;
  lintCommand: string[] | null;
  settings: PromptSettings;
  carry: Carry;
  previousIterations: PreviousIteration[];
  projectLessons: ProjectLesson[];
  related: RelatedTask[];
}

export interface BuiltPrompt {
  prompt: string;
  report: PromptReport;
}

/** Files the selector hands to the repository map, history and relevant-files layers. */
const RANKED_FILES = 40;
const MAP_FOCUS_FILES = 12;
const HISTORY_FILES = 6;
// Full text of a file is read at most this far; the layer gives bigger files as excerpts.
const MAX_FILE_BYTES = 512 * 1024;
// Every layer after the first is joined with a blank line; the budget keeps room for them.
const SEPARATOR = '\n\n';

function switchedOff(layer: LayerName): RenderedLayer {
  return emptyLayer(layer, 'switched off in the project settings');
}

/**
 * Builds prompts: the nine layers in order under the project's token budget. The small layers
 * (task, verify, related, lessons, protocol) are rendered first; the rest of the budget goes to
 * the instructions, the repository map and the history up to their shares, and what is left to
 * the relevant files. Deterministic for the same inputs. A repository layer that cannot be read
 * (no such commit, not a git repository) is left empty with a note instead of failing the prompt.
 */
export function createPromptBuilder(options: { cacheDir?: string } = {}) {
  const indexes = createRepoIndexCache({ ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}) });

  return {
    async build(request: PromptRequest): Promise<BuiltPrompt> {
      const started = performance.now();
      const total = request.settings.budgetTokens;
      const enabled = enabledLayers(request.settings);
      const workDir = request.workDir ?? request.repoDir;
      const query = { title: request.task.title, description: request.task.description };
      const out = {} as Record<LayerName, RenderedLayer>;
      const render = (layer: LayerName, fn: () => RenderedLayer) => (out[layer] = enabled[layer] ? fn() : switchedOff(layer));

      const caps = smallLayerCaps(total, enabled);
      render('protocol', () => renderProtocolLayer(caps.protocol));
      render('task', () => renderTaskLayer({ ...request.task, projectName: request.projectName, iteration: request.iteration, maxIterations: request.maxIterations }, caps.task));
      render('verify', () => renderVerifyLayer({ testCommand: request.testCommand, lintCommand: request.lintCommand }, caps.verify));
      render('lessons', () => renderLessonsLayer({ carry: request.carry, previousIterations: request.previousIterations, projectLessons: request.projectLessons, query }, caps.lessons));
      render('related', () => renderRelatedLayer({ related: request.related }, caps.related));
      const small: LayerName[] = ['protocol', 'task', 'verify', 'lessons', 'related'];
      const separators = LAYER_NAMES.length * countTokens(SEPARATOR);
      let budgets = planBudget({
        total: Math.max(0, total - separators),
        enabled,
        fixed: Object.fromEntries(small.map((layer) => [layer, out[layer].tokens])),
      });

      render('instructions', () => renderInstructionsLayer({ files: readInstructionFiles(workDir) }, budgets.instructions));

      let index: RepoIndex | undefined;
      let ranked: RankedFile[] = [];
      let indexError: string | undefined;
      let retrievalMs: number | undefined;
      if (enabled.repoMap || enabled.relevantFiles || enabled.history) {
        const retrievalStarted = performance.now();
        try {
          index = await indexes.open({ repoDir: request.repoDir, commit: request.commit, key: request.key });
          ranked = rankFiles(index, query, { limit: RANKED_FILES });
          retrievalMs = Math.round((performance.now() - retrievalStarted) * 10) / 10;
        } catch (err) {
          indexError = `repository not readable at ${request.commit}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
        }
      }
      const unreadable = (layer: LayerName) => emptyLayer(layer, indexError ?? 'no index');
      const opened = index;
      // git reads the history while the map is rendered.
      const historyPaths = ranked.slice(0, HISTORY_FILES).map((f) => f.path);
      const recentCommits =
        enabled.history && index && historyPaths.length ? readRecentCommits({ repoDir: request.repoDir, commit: index.commit, paths: historyPaths }).catch(() => []) : Promise.resolve([]);
      render('repoMap', () =>
        opened
          ? renderRepoMap({ files: [...opened.allFiles()], focus: ranked.slice(0, MAP_FOCUS_FILES).map((f) => f.path), symbolsOf: (p) => opened.symbolsOf(p), budgetTokens: budgets.repoMap })
          : unreadable('repoMap'),
      );
      const commits = await recentCommits;
      render('history', () => (index ? renderHistoryLayer({ commits }, budgets.history) : unreadable('history')));

      budgets = reassignUnused(budgets, { instructions: out.instructions.tokens, repoMap: out.repoMap.tokens, history: out.history.tokens }, enabled);
      const readText = (file: string) => readWorkingFile(workDir, file) ?? index?.textOf(file);
      render('relevantFiles', () => (index ? renderRelevantFilesLayer({ ranked, readText, queryTerms: extractQueryTerms(query) }, budgets.relevantFiles) : unreadable('relevantFiles')));

      const prompt = `${LAYER_NAMES.map((layer) => out[layer].text)
        .filter(Boolean)
        .join(SEPARATOR)}\n`;
      const layers: LayerReport[] = LAYER_NAMES.map((layer) => ({
        layer,
        budget: enabled[layer] ? Math.max(budgets[layer], small.includes(layer) ? out[layer].tokens : 0) : 0,
        tokens: out[layer].tokens,
        enabled: enabled[layer],
        ...(out[layer].note ? { note: out[layer].note } : {}),
      }));
      return {
        prompt,
        report: {
          budget: total,
          total: countTokens(prompt),
          layers,
          commit: request.commit,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          ...(retrievalMs === undefined ? {} : { retrievalMs }),
        },
      };
    },
  };
}

export type PromptBuilder = ReturnType<typeof createPromptBuilder>;

/** A file as the agent sees it in its worktree (it may have changed it in an earlier iteration). */
function readWorkingFile(workDir: string, file: string): string | undefined {
  const full = path.join(workDir, file);
  if (!fs.existsSync(full)) return undefined;
  const read = readTextPrefix(workDir, file, MAX_FILE_BYTES);
  return read && !read.cut ? read.text : undefined;
}
