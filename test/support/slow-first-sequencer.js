// Orders the suites longest first, so that no worker is left running a long one alone at the end.
// Jest's own sequencer does that only with timings in its cache (never on a fresh clone, and it
// runs suites without timings first); this one falls back on suite-seconds.json (measured, see
// scripts/record-suite-seconds.js), then on file size.
import Sequencer from '@jest/test-sequencer';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const measured = JSON.parse(fs.readFileSync(new URL('./suite-seconds.json', import.meta.url), 'utf8'));

export default class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const seconds = (test) => {
      const cached = this.time?.(test);
      return cached != null ? cached / 1000 : (measured[path.relative(root, test.path)] ?? 0);
    };
    const size = (test) => fs.statSync(test.path).size;
    return [...tests].sort((a, b) => seconds(b) - seconds(a) || size(b) - size(a));
  }
}
