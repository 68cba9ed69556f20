import { describe, expect, it } from '@jest/globals';
import { showCommand } from '../../process/show-command.js';
import { splitCommandLine } from '../../model/command-line.js';

describe('showCommand', () => {
  it('shows plain words as they are and quotes the rest', () => {
    expect(showCommand(['npm', 'test'])).toBe('npm test');
    expect(showCommand(['npm', 'test', '--', '--grep', 'a b'])).toBe("npm test -- --grep 'a b'");
    expect(showCommand(['echo', "it's", ''])).toBe("echo 'it'\\''s' ''");
  });

  it('gives back the same argv when split as a shell would', () => {
    const argv = ['node', '-e', 'console.log("$HOME")', 'a b', "c'd"];
    expect(splitCommandLine(showCommand(argv))).toEqual(argv);
  });
});
