import { describe, expect, it } from '@jest/globals';
import { CommandLineError, splitCommandLine, toArgv } from '../../model/command-line.js';

describe('splitCommandLine', () => {
  it.each([
    ['npm test', ['npm', 'test']],
    ['  npm   run  lint ', ['npm', 'run', 'lint']],
    ['npm test -- --grep "a b"', ['npm', 'test', '--', '--grep', 'a b']],
    ['echo \'single $HOME "x"\'', ['echo', 'single $HOME "x"']],
    ['echo "double \\"q\\" \\$HOME \\n"', ['echo', 'double "q" $HOME \\n']],
    ['echo a\\ b c', ['echo', 'a b', 'c']],
    ['echo $HOME ${X} *.js', ['echo', '$HOME', '${X}', '*.js']],
    ['node -e "console.log(1)"', ['node', '-e', 'console.log(1)']],
    ['it\'\'s ""', ['its', '']],
    ['a#b', ['a#b']],
  ])('splits %j', (text, argv) => {
    expect(splitCommandLine(text)).toEqual(argv);
  });

  it.each([
    ['npm test | tee out', 'the shell operator "|"'],
    ['make && make test', 'the shell operator "&"'],
    ['a; rm -rf /', 'the shell operator ";"'],
    ['npm test > out.txt', 'the shell operator ">"'],
    ['echo $(whoami)', 'the shell operator "$("'],
    ['echo `whoami`', 'the shell operator "`"'],
    ['echo "$(whoami)"', 'command substitution'],
    ["echo 'open", 'unterminated single quote at position 6'],
    ['echo "open', 'unterminated double quote at position 6'],
    ['npm test # all', 'a comment'],
    ['   ', 'is empty'],
  ])('refuses %j', (text, message) => {
    expect(() => splitCommandLine(text)).toThrow(CommandLineError);
    expect(() => splitCommandLine(text)).toThrow(message);
  });
});

describe('toArgv', () => {
  it('keeps an argv array as it is, shell characters included', () => {
    expect(toArgv(['node', '-e', 'process.exit(0) || true; $(x)'])).toEqual(['node', '-e', 'process.exit(0) || true; $(x)']);
  });

  it('splits a string', () => {
    expect(toArgv('npm test')).toEqual(['npm', 'test']);
  });

  it('refuses an empty array', () => {
    expect(() => toArgv([])).toThrow('non-empty array');
  });
});
