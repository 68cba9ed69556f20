import { describe, expect, it } from '@jest/globals';
import { testsAlreadyPassed, type PassedTests } from '../../model/merge-queue.js';

const passed: PassedTests = { tree: 'a'.repeat(40), command: ['npm', 'test'], copiedFilesDigest: 'd1', iteration: 2 };
const same = { tree: passed.tree, command: ['npm', 'test'], copiedFilesDigest: 'd1' };

describe('testsAlreadyPassed', () => {
  it('is true only for the same content, the same command word for word and the same copied files', () => {
    expect(testsAlreadyPassed(passed, same)).toBe(true);
    expect(testsAlreadyPassed(passed, { ...same, tree: 'b'.repeat(40) })).toBe(false);
    expect(testsAlreadyPassed(passed, { ...same, copiedFilesDigest: 'd2' })).toBe(false);
    expect(testsAlreadyPassed(passed, { ...same, command: ['npm', 'run', 'test'] })).toBe(false);
    expect(testsAlreadyPassed(passed, { ...same, command: ['npm test'] })).toBe(false);
    expect(testsAlreadyPassed(passed, { ...same, command: ['npm', 'test', '--', 'x'] })).toBe(false);
  });

  it('is false when the task brought no passed tests (a branch submitted by hand)', () => {
    expect(testsAlreadyPassed(undefined, same)).toBe(false);
  });
});
