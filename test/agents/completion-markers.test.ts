import { describe, expect, it } from '@jest/globals';
import { findCompletionMarker } from '../../agents/completion-markers.js';

describe('findCompletionMarker', () => {
  it('reads a completion promise', () => {
    expect(findCompletionMarker('All tests pass.\n\n<promise>COMPLETE</promise>')).toEqual({ kind: 'complete' });
  });

  it('accepts whitespace around the promise, as the Ralph stop hook does', () => {
    expect(findCompletionMarker('<promise>\n  COMPLETE \n</promise>')).toEqual({ kind: 'complete' });
  });

  it.each(['<promise>DONE</promise>', '<promise>complete-ish</promise>', '<promise></promise>', 'COMPLETE'])('does not take %j for completion', (text) => {
    expect(findCompletionMarker(text)).toBeUndefined();
  });

  it('extracts the question of a decision, multi-line and trimmed', () => {
    expect(findCompletionMarker('I need input.\n<decision>\nShould the API keep v1?\nIt has 3 clients.\n</decision>')).toEqual({
      kind: 'decision',
      question: 'Should the API keep v1?\nIt has 3 clients.',
    });
  });

  it('extracts the reason of a block', () => {
    expect(findCompletionMarker('<blocked>The database migration needs credentials I do not have.</blocked>')).toEqual({
      kind: 'blocked',
      reason: 'The database migration needs credentials I do not have.',
    });
  });

  it('lets the last marker win, so quoting the protocol first does no harm', () => {
    const text = 'You asked me to end with <promise>COMPLETE</promise> when done. I could not finish.\n<blocked>tests need a GPU</blocked>';
    expect(findCompletionMarker(text)).toEqual({ kind: 'blocked', reason: 'tests need a GPU' });
  });

  it('ignores markers with nothing in them and unclosed tags', () => {
    expect(findCompletionMarker('<decision>  </decision> <blocked>why')).toBeUndefined();
    expect(findCompletionMarker('<blocked></blocked> then <promise>COMPLETE</promise> <decision></decision>')).toEqual({ kind: 'complete' });
  });

  it('does not match a closing tag of another kind', () => {
    expect(findCompletionMarker('<decision>a question</blocked>')).toBeUndefined();
  });

  it('finds nothing in text without markers', () => {
    expect(findCompletionMarker('')).toBeUndefined();
    expect(findCompletionMarker('I changed three files.')).toBeUndefined();
  });
});
