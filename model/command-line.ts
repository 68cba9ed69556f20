/** Thrown when a command string cannot be turned into an argv array safely. */
export class CommandLineError extends Error {
  override readonly name = 'CommandLineError';
}

const OPERATORS = new Set(['|', '&', ';', '<', '>', '(', ')', '`']);
// Inside double quotes a backslash escapes only these, as in a POSIX shell.
const DOUBLE_QUOTE_ESCAPES = new Set(['"', '\\', '$', '`']);

/**
 * Splits a command string into words the way a POSIX shell would (single and double quotes,
 * backslashes), without running a shell: `npm test -- --grep "a b"` gives
 * `['npm', 'test', '--', '--grep', 'a b']`. Nothing is expanded: `$HOME` and `*.js` stay as
 * written. Throws CommandLineError for an unterminated quote, a shell operator (`|`, `&&`, `;`,
 * `>`, `$(…)`, backticks) or a comment, since nothing here runs a shell.
 */
export function splitCommandLine(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new CommandLineError(`has an unterminated single quote at position ${i + 1}`);
      word += text.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && DOUBLE_QUOTE_ESCAPES.has(text[j + 1] ?? '')) j++;
        else if (text[j] === '`' || (text[j] === '$' && text[j + 1] === '(')) {
          throw new CommandLineError('contains command substitution; commands run without a shell');
        }
        word += text[j];
      }
      if (j >= text.length) throw new CommandLineError(`has an unterminated double quote at position ${i + 1}`);
      inWord = true;
      i = j;
    } else if (c === '\\') {
      if (i + 1 < text.length && text[i + 1] !== '\n') word += text[i + 1];
      inWord = true;
      i++;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (OPERATORS.has(c) || (c === '$' && text[i + 1] === '(')) {
      throw new CommandLineError(`contains the shell operator "${c === '$' ? '$(' : c}"; commands run without a shell: give one command, or an argv array`);
    } else if (c === '#' && !inWord) {
      throw new CommandLineError('contains a comment ("#"); commands run without a shell');
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  if (words.length === 0) throw new CommandLineError('is empty');
  return words;
}

/** Accepts a command as a string (split like a shell) or an argv array; returns the argv. */
export function toArgv(command: string | readonly string[]): string[] {
  if (typeof command === 'string') return splitCommandLine(command);
  if (command.length === 0 || command[0] === '') throw new CommandLineError('must be a non-empty array whose first word is the program');
  return [...command];
}
