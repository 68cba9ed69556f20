import { splitIdentifier } from '../retrieval/split-words.js';
import { normalizeTerm } from './query-terms.js';

/** A lesson an earlier task of the project recorded. */
export interface ProjectLesson {
  taskId: string;
  title: string;
  lesson: string;
  /** ISO 8601 time it was recorded. */
  createdAt: string;
}

/** A lesson and how relevant it is to the task (0 when it shares no word with it). */
export interface ScoredLesson {
  lesson: ProjectLesson;
  score: number;
}

// The usual BM25 constants: term-frequency saturation and length normalisation.
const K1 = 1.2;
const B = 0.75;

function termsOf(text: string): string[] {
  return splitIdentifier(text).map(normalizeTerm);
}

/**
 * Ranks `lessons` by BM25 relevance of their title and text to `queryTerms` (split and
 * normalised like the lessons' words; parts shorter than three characters ignored). Ties, including all the lessons that score 0, are
 * ordered most recent first, then by task id, so the order is deterministic.
 */
export function rankLessons(lessons: readonly ProjectLesson[], queryTerms: readonly string[]): ScoredLesson[] {
  // Parts of identifier terms shorter than three characters (`in` of `nothing-in-common`) say nothing.
  const query = [...new Set(queryTerms.flatMap(termsOf))].filter((term) => term.length >= 3);
  const documents = lessons.map((lesson) => termsOf(`${lesson.title} ${lesson.lesson}`));
  const averageLength = documents.reduce((sum, words) => sum + words.length, 0) / Math.max(1, documents.length) || 1;
  const documentFrequency = new Map<string, number>();
  for (const words of documents) for (const word of new Set(words)) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
  const scored = lessons.map((lesson, index) => {
    const words = documents[index] ?? [];
    const counts = new Map<string, number>();
    for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
    let score = 0;
    for (const term of query) {
      const frequency = counts.get(term) ?? 0;
      if (frequency === 0) continue;
      const df = documentFrequency.get(term) ?? 0;
      const idf = Math.log(1 + (lessons.length - df + 0.5) / (df + 0.5));
      score += (idf * frequency * (K1 + 1)) / (frequency + K1 * (1 - B + (B * words.length) / averageLength));
    }
    return { lesson, score };
  });
  return scored.sort((a, b) => b.score - a.score || compare(b.lesson.createdAt, a.lesson.createdAt) || compare(a.lesson.taskId, b.lesson.taskId) || compare(a.lesson.lesson, b.lesson.lesson));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
