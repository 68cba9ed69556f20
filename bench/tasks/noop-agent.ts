import fs from 'node:fs';
import path from 'node:path';

/**
 * The no-op agent of the benchmark, as a script: it reads its prompt (stdin), writes the file it
 * is given in its working directory and prints the completion marker, about 50-80 ms of node.
 */
const SCRIPT = `import fs from 'node:fs';
try { fs.readFileSync(0); } catch {}
const [file, content] = process.argv.slice(2);
fs.writeFileSync(file, content);
console.log('<promise>COMPLETE</promise>');
`;

/** A resumable agent for the kill scenario: appends its pid to <started>, works <ms>, then writes <file>. */
const SLOW_SCRIPT = `import fs from 'node:fs';
try { fs.readFileSync(0); } catch {}
const [started, ms, file] = process.argv.slice(2);
fs.appendFileSync(started, process.pid + '\\n');
setTimeout(() => { fs.writeFileSync(file, 'done\\n'); console.log('<promise>COMPLETE</promise>'); }, Number(ms));
`;

export interface BenchAgents {
  /** `[node, noop.mjs]`: append `<file> <content>`. */
  noop: string[];
  /** `[node, slow.mjs]`: append `<startedFile> <ms> <file>`. */
  slow: string[];
}

/** Writes the benchmark's agent scripts into `dir` and returns their command lines. */
export function writeBenchAgents(dir: string): BenchAgents {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'noop.mjs'), SCRIPT);
  fs.writeFileSync(path.join(dir, 'slow.mjs'), SLOW_SCRIPT);
  return { noop: [process.execPath, path.join(dir, 'noop.mjs')], slow: [process.execPath, path.join(dir, 'slow.mjs')] };
}
