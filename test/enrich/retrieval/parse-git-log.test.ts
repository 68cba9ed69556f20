import { describe, expect, it } from '@jest/globals';
import { parseGitLog } from '../../../enrich/retrieval/parse-git-log.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

describe('parseGitLog', () => {
  it('reads commits with their parents, message and changes, renames included', () => {
    const output =
      `\x1e${A}\x1f1700000100\x1f${B}\x1fFix reply (#12)\n\nBody line\x1f\0\nM\0lib/reply.js\0R087\0lib/old.js\0lib/new.js\0D\0gone.js\0` + `\x1e${B}\x1f1700000000\x1f${C} ${A}\x1fMerge branch\x1f`;
    expect(parseGitLog(output)).toEqual([
      {
        sha: A,
        time: 1700000100,
        parents: [B],
        message: 'Fix reply (#12)\n\nBody line',
        changes: [
          { status: 'M', path: 'lib/reply.js' },
          { status: 'R', path: 'lib/new.js', from: 'lib/old.js' },
          { status: 'D', path: 'gone.js' },
        ],
      },
      { sha: B, time: 1700000000, parents: [C, A], message: 'Merge branch', changes: [] },
    ]);
  });

  it('keeps a message that contains the unit separator', () => {
    const [commit] = parseGitLog(`\x1e${A}\x1f1\x1f\x1fodd\x1fmessage\x1f\0\nA\0x.js\0`);
    expect(commit!.message).toBe('odd\x1fmessage');
    expect(commit!.parents).toEqual([]);
  });

  it('says what it expected when a record is cut short', () => {
    expect(() => parseGitLog(`\x1e${A}\x1f1`)).toThrow(/expected "<sha>/);
  });
});
