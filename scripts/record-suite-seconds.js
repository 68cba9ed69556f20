// Writes test/support/suite-seconds.json, the measured durations the test sequencer starts the
// slowest suites first by, from a jest JSON report:
//   npm run test:jest -- --json --outputFile=/tmp/jest.json && node scripts/record-suite-seconds.js /tmp/jest.json
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const report = JSON.parse(fs.readFileSync(process.argv[2] ?? '', 'utf8'));
// Suites under 5 s hardly change how the workers' load evens out; their file size orders them.
const seconds = Object.fromEntries(
  report.testResults
    .map((result) => [path.relative(root, result.name), Math.round((result.endTime - result.startTime) / 1000)])
    .filter(([, s]) => s >= 5)
    .sort(([a], [b]) => a.localeCompare(b)),
);
fs.writeFileSync(path.join(root, 'test/support/suite-seconds.json'), `${JSON.stringify(seconds, null, 2)}\n`);
console.log(`${Object.keys(seconds).length} suites of 5 s or more`);
