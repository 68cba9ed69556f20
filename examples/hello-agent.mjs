#!/usr/bin/env node
// A tiny stand-in for a coding agent, for the README's walkthrough and for trying Ringmaster
// without a model: run by the `command` agent in a task's worktree, it reads its prompt from
// stdin, writes hello.txt and says it is done with the completion protocol.
import fs from 'node:fs';

const prompt = fs.readFileSync(0, 'utf8');
const title = /^# Task: (.*)$/m.exec(prompt)?.[1] ?? 'a task';
fs.writeFileSync('hello.txt', `Hello from a scripted agent working on "${title}".\n`);
console.log('Wrote hello.txt.');
console.log('<promise>COMPLETE</promise>');
