import { describe, expect, it } from '@jest/globals';
import { extractPlainText } from '../../../enrich/symbols/extract-plain-text.js';

describe('extractPlainText', () => {
  it('reads Go functions, methods with their receiver type, and types', () => {
    const source = `package reply

import "net/http"

type Reply struct {
	raw http.ResponseWriter
}

type Sender interface {
	Send(payload []byte) error
}

func (r *Reply) Send(payload []byte) error {
	_, err := r.raw.Write(payload)
	return err
}

func newReply(w http.ResponseWriter) *Reply {
	return &Reply{raw: w}
}
`;
    const symbols = extractPlainText('reply/reply.go', source);
    expect(symbols.language).toBeNull();
    expect(symbols.defines).toEqual([
      { name: 'Reply', kind: 'class', signature: 'type Reply struct', line: 5, exported: true },
      { name: 'Sender', kind: 'interface', signature: 'type Sender interface', line: 9, exported: true },
      { name: 'Send', kind: 'method', parent: 'Reply', signature: 'func (r *Reply) Send(payload []byte) error', line: 13, exported: true },
      { name: 'newReply', kind: 'function', signature: 'func newReply(w http.ResponseWriter) *Reply', line: 18, exported: false },
    ]);
    expect(symbols.uses).toEqual(expect.arrayContaining(['ResponseWriter', 'Write', 'payload', 'raw', 'http']));
    expect(symbols.uses).not.toContain('func');
    expect(symbols.uses).not.toContain('Reply');
  });

  it('reads Rust functions, structs, traits and impl methods', () => {
    const source = 'pub struct Queue {\n    items: Vec<u32>,\n}\n\nimpl Queue {\n    pub fn push(&mut self, item: u32) {}\n    fn grow(&mut self) {}\n}\n\npub trait Drain {}\n\nfn main() {}\n';
    const symbols = extractPlainText('src/queue.rs', source);
    expect(symbols.defines.map((s) => [s.parent ? `${s.parent}.${s.name}` : s.name, s.kind, s.exported])).toEqual([
      ['Queue', 'class', true],
      ['Queue.push', 'method', true],
      ['Queue.grow', 'method', false],
      ['Drain', 'interface', true],
      ['main', 'function', false],
    ]);
  });

  it('reads Java and Kotlin classes, and Ruby classes with their methods', () => {
    expect(extractPlainText('A.java', 'package a;\n\npublic final class TaskStore extends Base {\n  private int x;\n}\n').defines).toEqual([
      { name: 'TaskStore', kind: 'class', signature: 'public final class TaskStore extends Base', line: 3, exported: true },
    ]);
    expect(extractPlainText('a.kt', 'data class Task(val id: String)\nfun main() {}\n').defines.map((s) => s.name)).toEqual(['Task', 'main']);
    const ruby = extractPlainText('lib/store.rb', 'module Ringmaster\n  class Store\n    def save(task)\n    end\n  end\nend\n');
    expect(ruby.defines.map((s) => [s.parent ? `${s.parent}.${s.name}` : s.name, s.kind])).toEqual([
      ['Ringmaster', 'module'],
      ['Store', 'class'],
      ['Store.save', 'method'],
    ]);
  });

  it('finds no declarations in prose, only words', () => {
    const symbols = extractPlainText('docs/guide.md', '# Guide\n\nclass Foo is described here; def bar too.\n');
    expect(symbols.defines).toEqual([]);
    expect(symbols.uses).toEqual(['Foo', 'Guide', 'bar', 'described', 'here', 'too']);
  });

  it('caps the uses and keeps the first-seen names', () => {
    const text = Array.from({ length: 50 }, (_, i) => `name${String(i).padStart(2, '0')}`).join(' ');
    expect(extractPlainText('x.txt', text, 10).uses).toEqual(Array.from({ length: 10 }, (_, i) => `name0${i}`));
  });
});
