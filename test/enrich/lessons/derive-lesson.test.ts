import { describe, expect, it } from '@jest/globals';
import { deriveLesson } from '../../../enrich/lessons/derive-lesson.js';

const iteration = (number: number, outcome: string, summary: string, testsPassed: boolean | null = null) => ({ number, outcome, summary, testsPassed });

describe('deriveLesson', () => {
  it('learns why a task failed, iteration by iteration', () => {
    const learned = deriveLesson({
      title: 'Add caching',
      status: 'failed',
      error: 'not done after 2 iteration(s)',
      iterations: [iteration(1, 'success', 'Added a cache in lib/cache.js', false), iteration(2, 'incomplete', 'Ran out of turns')],
    });
    expect(learned).toEqual({
      outcome: 'failed',
      lesson: 'Failed after 2 iteration(s): not done after 2 iteration(s)\n- iteration 1 (success; the tests failed): Added a cache in lib/cache.js\n- iteration 2 (incomplete): Ran out of turns',
    });
  });

  it('learns from a task that needed several iterations, not from a first-try success or a cancellation', () => {
    expect(deriveLesson({ title: 't', status: 'completed', error: null, iterations: [iteration(1, 'success', 'done')] })).toBeNull();
    expect(deriveLesson({ title: 't', status: 'cancelled', error: 'cancelled', iterations: [iteration(1, 'incomplete', ''), iteration(2, 'incomplete', '')] })).toBeNull();
    expect(deriveLesson({ title: 't', status: 'completed', error: null, iterations: [iteration(1, 'incomplete', ''), iteration(2, 'success', 'ok')] })?.lesson).toMatch(
      /^Completed, but only after 2 iterations\.\n- iteration 1 \(incomplete\)\n- iteration 2 \(success\): ok$/,
    );
  });

  it('caps a long lesson', () => {
    const long = Array.from({ length: 40 }, (_, i) => iteration(i + 1, 'incomplete', 'x'.repeat(1000)));
    const learned = deriveLesson({ title: 't', status: 'failed', error: 'e', iterations: long });
    expect(learned!.lesson.length).toBeLessThanOrEqual(2000);
    expect(learned!.lesson.endsWith('…')).toBe(true);
  });
});
