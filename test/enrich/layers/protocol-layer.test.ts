import { describe, expect, it } from '@jest/globals';
import { findCompletionMarker } from '../../../agents/completion-markers.js';
import { PROTOCOL_TEXT, renderProtocolLayer } from '../../../enrich/layers/protocol-layer.js';
import { countTokens } from '../../../enrich/tokens.js';

describe('renderProtocolLayer', () => {
  it('gives the whole protocol with the markers the run parser looks for', () => {
    const output = renderProtocolLayer(2000);
    expect(output).toEqual({ layer: 'protocol', text: PROTOCOL_TEXT, tokens: countTokens(PROTOCOL_TEXT) });
    expect(findCompletionMarker('done <promise>COMPLETE</promise>')).toEqual({ kind: 'complete' });
    for (const marker of ['<promise>COMPLETE</promise>', '<decision>', '<blocked>']) expect(output.text).toContain(marker);
    expect(output.text).toContain('do not commit');
    expect(output.text).toContain('Do not push');
    expect(output.text).toContain('inside this worktree');
  });

  it('is given in full even over a tiny budget, and says so', () => {
    for (const budget of [0, 50]) {
      const output = renderProtocolLayer(budget);
      expect(output.text).toBe(PROTOCOL_TEXT);
      expect(output.note).toBe(`given in full over its budget of ${budget} tokens`);
    }
  });
});
