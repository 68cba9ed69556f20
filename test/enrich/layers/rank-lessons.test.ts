import { describe, expect, it } from '@jest/globals';
import { rankLessons, type ProjectLesson } from '../../../enrich/layers/rank-lessons.js';

const lesson = (taskId: string, title: string, text: string, createdAt: string): ProjectLesson => ({ taskId, title, lesson: text, createdAt });

const lessons = [
  lesson('t1', 'Speed up CI', 'Run npm ci, not npm install, in the pipeline.', '2024-01-01T00:00:00Z'),
  lesson('t2', 'Fix the prompt budget', 'The prompt budget is counted in tokens; composePrompt must not exceed it.', '2024-02-01T00:00:00Z'),
  lesson('t3', 'Add a migration', 'Migrations are numbered SQL files and never edited after they land.', '2024-03-01T00:00:00Z'),
  lesson('t4', 'Tokenizer', 'Token counts come from the o200k tokenizer.', '2024-03-01T00:00:00Z'),
];

describe('rankLessons', () => {
  it('puts the lessons sharing the rarest words with the task first', () => {
    const ranked = rankLessons(lessons, ['composePrompt', 'budget', 'tokens']);
    expect(ranked.map((r) => r.lesson.taskId)).toEqual(['t2', 't4', 't3', 't1']);
    expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score);
    expect(ranked[1]!.score).toBeGreaterThan(0);
    expect(ranked[2]!.score).toBe(0);
  });

  it('orders ties most recent first, then by task id', () => {
    const ranked = rankLessons(lessons, ['nothing-in-common']);
    expect(ranked.map((r) => r.lesson.taskId)).toEqual(['t3', 't4', 't2', 't1']);
  });

  it('is deterministic whatever the input order, and copes with empty input', () => {
    const forward = rankLessons(lessons, ['npm', 'sql']).map((r) => r.lesson.taskId);
    const backward = rankLessons([...lessons].reverse(), ['npm', 'sql']).map((r) => r.lesson.taskId);
    expect(backward).toEqual(forward);
    expect(rankLessons([], ['x'])).toEqual([]);
    expect(rankLessons(lessons, []).every((r) => r.score === 0)).toBe(true);
  });
});
