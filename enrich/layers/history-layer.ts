import { countTokens } from '../tokens.js';
import { emptyLayer, finishLayer, type RenderedLayer } from './layer-output.js';
import type { RecentCommit } from './parse-recent-commits.js';

/** The recent commits touching the task's files (see `readRecentCommits`), newest first. */
export interface HistoryLayerInput {
  commits: RecentCommit[];
}

const HEADER = '## Recent commits touching these files';
const MAX_SUBJECT_CHARS = 120;

function commitLine(commit: RecentCommit): string {
  const subject = commit.subject.length > MAX_SUBJECT_CHARS ? `${commit.subject.slice(0, MAX_SUBJECT_CHARS)}…` : commit.subject;
  const files = `${commit.filesChanged} file${commit.filesChanged === 1 ? '' : 's'}`;
  const stat = commit.filesChanged > 0 ? ` (${files}, +${commit.insertions} -${commit.deletions})` : '';
  return `- ${commit.sha} ${commit.date} ${subject}${stat}`;
}

/**
 * Renders the recent commits as a compact list (sha, date, subject, files and lines changed),
 * newest first, as many as fit; '' when there are none. The note says how many were left out.
 */
export function renderHistoryLayer(input: HistoryLayerInput, budgetTokens: number): RenderedLayer {
  if (input.commits.length === 0) return emptyLayer('history', 'no commits');
  const lines: string[] = [HEADER, ''];
  let used = countTokens(HEADER) + 2;
  for (const commit of input.commits) {
    const line = commitLine(commit);
    const tokens = countTokens(line) + 1;
    if (used + tokens > budgetTokens) break;
    lines.push(line);
    used += tokens;
  }
  const shown = lines.length - 2;
  if (shown === 0) return emptyLayer('history', `${input.commits.length} commits, no room for any`);
  const note = shown < input.commits.length ? `${shown} of ${input.commits.length} commits` : `${shown} commits`;
  return finishLayer('history', lines.join('\n'), budgetTokens, note);
}
