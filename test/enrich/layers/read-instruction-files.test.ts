import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { readInstructionFiles } from '../../../enrich/layers/read-instruction-files.js';
import { makeTempDir, removeDir } from '../../support/temp-dir.js';
import { writeFiles } from '../../git/test-repo.js';

let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => removeDir(dir));

describe('readInstructionFiles', () => {
  it('reads agent files, the first contributing guide and the README start, in that order', () => {
    writeFiles(dir, {
      'README.md': '# Demo\n\nA demo.\n\n## Install\n\ni\n\n## Use\n\nu\n\n## API\n\nlong\n',
      'readme.txt': 'not read',
      'CLAUDE.md': 'Use pnpm.\n',
      'AGENTS.md': '# Agents\n\nRun the tests.\n',
      '.github/copilot-instructions.md': 'Be brief.',
      '.github/CONTRIBUTING.md': 'Sign off commits.',
      'docs/CONTRIBUTING.md': 'second guide, not read',
    });
    expect(readInstructionFiles(dir)).toEqual([
      { file: 'AGENTS.md', kind: 'agent', text: '# Agents\n\nRun the tests.', cut: false },
      { file: 'CLAUDE.md', kind: 'agent', text: 'Use pnpm.', cut: false },
      { file: '.github/copilot-instructions.md', kind: 'agent', text: 'Be brief.', cut: false },
      { file: '.github/CONTRIBUTING.md', kind: 'contributing', text: 'Sign off commits.', cut: false },
      { file: 'README.md', kind: 'readme', text: '# Demo\n\nA demo.\n\n## Install\n\ni\n\n## Use\n\nu', cut: true },
    ]);
  });

  it('gives nothing for an empty folder or a folder that does not exist', () => {
    expect(readInstructionFiles(dir)).toEqual([]);
    expect(readInstructionFiles(path.join(dir, 'missing'))).toEqual([]);
  });

  it('skips a directory named AGENTS.md, binary and empty files, links leading outside, and reads non-UTF-8 leniently', () => {
    const worktree = path.join(dir, 'w');
    fs.mkdirSync(path.join(worktree, 'AGENTS.md'), { recursive: true });
    fs.writeFileSync(path.join(worktree, 'CLAUDE.md'), Buffer.from([0x00, 0x01, 0x02]));
    fs.writeFileSync(path.join(worktree, 'CONTRIBUTING.md'), '  \n');
    fs.writeFileSync(path.join(dir, 'private.md'), 'private');
    fs.symlinkSync(path.join(dir, 'private.md'), path.join(worktree, 'README.md'));
    fs.writeFileSync(path.join(worktree, 'README'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    expect(readInstructionFiles(worktree)).toEqual([{ file: 'README', kind: 'readme', text: 'caf\uFFFD', cut: false }]);
  });

  it('reads a bounded prefix of a huge file and marks it cut', () => {
    fs.writeFileSync(path.join(dir, 'AGENTS.md'), 'Always run the tests.\n'.repeat(300_000));
    const [agents] = readInstructionFiles(dir, 10_000);
    expect(agents?.cut).toBe(true);
    expect(agents?.text.length).toBeLessThanOrEqual(10_000);
  });
});
