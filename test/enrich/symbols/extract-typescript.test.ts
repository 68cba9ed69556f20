import { beforeAll, describe, expect, it } from '@jest/globals';
import type { CodeSymbol, FileSymbols } from '../../../enrich/symbols/code-symbol.js';
import { createSymbolExtractor, type SymbolExtractor } from '../../../enrich/symbols/create-symbol-extractor.js';

let extractor: SymbolExtractor;
beforeAll(async () => {
  extractor = await createSymbolExtractor();
});

/** The one symbol with this name (and parent, and kind), failing the test when there is not exactly one. */
function symbol(symbols: FileSymbols, name: string, parent?: string, kind?: CodeSymbol['kind']): CodeSymbol {
  const found = symbols.defines.filter((s) => s.name === name && s.parent === parent && (kind === undefined || s.kind === kind));
  expect(found).toHaveLength(1);
  return found[0]!;
}

const TYPESCRIPT = `import { countTokens } from '../tokens.js';
import type { LayerOutput } from '../layer.js';

/** Doc. */
export interface RepoMapInput {
  files: string[];
  budgetTokens: number;
}

export type Kind = 'function' | 'class';

export enum Color { Red, Green }

export const MAX_FILES = 400;
const cache = new Map<string, number>();

export const renderMap = async (input: RepoMapInput, extra = 1): Promise<LayerOutput> => {
  return { layer: 'repoMap', text: input.files.join(), tokens: countTokens('') };
};

export function overloaded(a: string): string;
export function overloaded(a: number): number;
export function overloaded(a: unknown): unknown {
  return a;
}

@Injectable()
export class TaskStore extends BaseStore<Task> implements Disposable {
  private readonly db: Database;
  constructor(db: Database) {
    super();
    this.db = db;
  }
  async save(task: Task): Promise<void> {
    this.db.prepare('x').run(task.id);
  }
  private evict(key: string) {}
  #secret() {}
  onClose = (reason: string): void => {};
  static create(): TaskStore { return new TaskStore(openDatabase()); }
}

class Internal {}
function helper(
  a: number,
  b: number,
): number {
  return a + b;
}
namespace Legacy { export const x = 1; }
export { helper };
export default Internal;
`;

describe('TypeScript', () => {
  it('finds every top-level declaration with its kind, line and export flag', () => {
    const symbols = extractor.extract('store/task-store.ts', TYPESCRIPT);
    expect(symbols.language).toBe('typescript');
    const top = symbols.defines.filter((s) => s.parent === undefined).map((s) => [s.name, s.kind, s.line, s.exported]);
    expect(top).toEqual([
      ['RepoMapInput', 'interface', 5, true],
      ['Kind', 'type', 10, true],
      ['Color', 'enum', 12, true],
      ['MAX_FILES', 'variable', 14, true],
      ['cache', 'variable', 15, false],
      ['renderMap', 'function', 17, true],
      ['overloaded', 'function', 21, true],
      ['TaskStore', 'class', 28, true],
      ['Internal', 'class', 43, true],
      ['helper', 'function', 44, true],
      ['Legacy', 'module', 50, false],
    ]);
  });

  it('writes signatures up to the body, on one line', () => {
    const symbols = extractor.extract('store/task-store.ts', TYPESCRIPT);
    expect(symbol(symbols, 'RepoMapInput').signature).toBe('export interface RepoMapInput');
    expect(symbol(symbols, 'Kind').signature).toBe("export type Kind = 'function' | 'class'");
    expect(symbol(symbols, 'MAX_FILES').signature).toBe('export const MAX_FILES = 400');
    expect(symbol(symbols, 'renderMap').signature).toBe('export const renderMap = async (input: RepoMapInput, extra = 1): Promise<LayerOutput> =>');
    expect(symbol(symbols, 'overloaded').signature).toBe('export function overloaded(a: string): string');
    expect(symbol(symbols, 'TaskStore').signature).toBe('export class TaskStore extends BaseStore<Task> implements Disposable');
    expect(symbol(symbols, 'helper').signature).toBe('function helper( a: number, b: number, ): number');
  });

  it('lists class methods under their class, private ones not exported', () => {
    const symbols = extractor.extract('store/task-store.ts', TYPESCRIPT);
    const methods = symbols.defines.filter((s) => s.parent === 'TaskStore').map((s) => [s.name, s.kind, s.exported]);
    expect(methods).toEqual([
      ['constructor', 'method', true],
      ['save', 'method', true],
      ['evict', 'method', false],
      ['#secret', 'method', false],
      ['onClose', 'method', true],
      ['create', 'method', true],
    ]);
    expect(symbol(symbols, 'save', 'TaskStore').signature).toBe('async save(task: Task): Promise<void>');
    expect(symbol(symbols, 'save', 'TaskStore').line).toBe(34);
    expect(symbol(symbols, 'onClose', 'TaskStore').signature).toBe('onClose = (reason: string): void =>');
  });

  it('lists the names the file uses, without its own definitions or keywords', () => {
    const { uses } = extractor.extract('store/task-store.ts', TYPESCRIPT);
    expect(uses).toEqual([...uses].sort());
    expect(uses).toEqual(expect.arrayContaining(['countTokens', 'LayerOutput', 'BaseStore', 'Database', 'Promise', 'prepare', 'run', 'files', 'openDatabase', 'Injectable']));
    for (const own of ['TaskStore', 'renderMap', 'helper', 'save', 'RepoMapInput']) expect(uses).not.toContain(own);
    for (const keyword of ['const', 'this', 'super', 'string', 'x']) expect(uses).not.toContain(keyword);
  });

  it('reads .tsx with the TSX grammar', () => {
    const symbols = extractor.extract('ui/task-list.tsx', 'export function TaskList({ tasks }: Props) {\n  return <ul>{tasks.map((t) => <TaskRow key={t.id} task={t} />)}</ul>;\n}\n');
    expect(symbols.language).toBe('tsx');
    expect(symbol(symbols, 'TaskList')).toMatchObject({ kind: 'function', exported: true, signature: 'export function TaskList({ tasks }: Props)' });
    expect(symbols.uses).toEqual(expect.arrayContaining(['TaskRow', 'Props', 'tasks', 'map']));
  });
});

describe('declaration files', () => {
  const DTS = `import { FastifyInstance } from './instance'

export interface FastifyReply<RouteGeneric = unknown> {
  code(statusCode: number): FastifyReply;
  send(payload?: unknown): FastifyReply;
}
export type ReplyDefault = unknown
export declare function fastify(opts?: FastifyServerOptions): FastifyInstance;
declare const internal: number;
declare module 'fastify' {
  interface FastifyRequest { user: string }
}
export default fastify
`;

  it('finds exported interfaces, types, functions and ambient declarations', () => {
    const symbols = extractor.extract('types/reply.d.ts', DTS);
    expect(symbols.language).toBe('typescript');
    expect(symbol(symbols, 'FastifyReply')).toMatchObject({ kind: 'interface', exported: true, signature: 'export interface FastifyReply<RouteGeneric = unknown>' });
    expect(symbol(symbols, 'ReplyDefault')).toMatchObject({ kind: 'type', exported: true });
    expect(symbol(symbols, 'fastify', undefined, 'function')).toMatchObject({
      exported: true,
      line: 8,
      signature: 'export declare function fastify(opts?: FastifyServerOptions): FastifyInstance',
    });
    expect(symbol(symbols, 'internal')).toMatchObject({ kind: 'variable', exported: false });
    expect(symbol(symbols, 'fastify', undefined, 'module')).toMatchObject({ line: 10, exported: false, signature: "declare module 'fastify'" });
    expect(symbols.defines.map((s) => s.name)).not.toContain('FastifyRequest');
    expect(symbols.uses).toEqual(expect.arrayContaining(['FastifyInstance', 'FastifyServerOptions', 'code', 'send']));
  });
});

describe('JavaScript', () => {
  const REPLY = `'use strict'

const eos = require('node:stream').finished
const { kReplyHeaders, kReplySerializer } = require('./symbols')
const { FST_ERR_REP_ALREADY_SENT } = require('./errors')
const CONTENT_TYPE = {
  JSON: 'application/json; charset=utf-8',
}

function Reply (res, request, log) {
  this.raw = res
  this[kReplyHeaders] = {}
}

Object.defineProperties(Reply.prototype, {
  server: {
    get () { return this.request.server }
  },
  'elapsedTime': { get () { return 0 } }
})

Reply.prototype.mediaType = function (type) {
  this[kReplyHeaders]['content-type'] = type
  return this
}

Reply.prototype.send = function send (payload) {
  if (this.sent) throw new FST_ERR_REP_ALREADY_SENT()
  eos(this.raw, onFinish)
  return this
}

function buildReply (R) {
  function _Reply (res, request, log) {}
  _Reply.prototype = new R()
  return _Reply
}

module.exports = Reply
module.exports.buildReply = buildReply
`;

  it('reads fastify-style prototype assignments as methods of the constructor', () => {
    const symbols = extractor.extract('lib/reply.js', REPLY);
    expect(symbols.language).toBe('javascript');
    expect(symbol(symbols, 'Reply')).toMatchObject({ kind: 'function', exported: true, line: 10, signature: 'function Reply (res, request, log)' });
    expect(symbol(symbols, 'mediaType', 'Reply')).toMatchObject({
      kind: 'method',
      exported: true,
      line: 22,
      signature: 'Reply.prototype.mediaType = function (type)',
    });
    expect(symbol(symbols, 'send', 'Reply').signature).toBe('Reply.prototype.send = function send (payload)');
    expect(symbol(symbols, 'server', 'Reply')).toMatchObject({ kind: 'method', line: 16 });
    expect(symbol(symbols, 'elapsedTime', 'Reply').kind).toBe('method');
  });

  it('treats require() bindings as imports and module.exports as the export list', () => {
    const symbols = extractor.extract('lib/reply.js', REPLY);
    const names = symbols.defines.map((s) => s.name);
    expect(names).not.toContain('eos');
    expect(names).not.toContain('kReplyHeaders');
    expect(symbol(symbols, 'CONTENT_TYPE')).toMatchObject({ kind: 'variable', exported: false, signature: 'const CONTENT_TYPE = { …' });
    expect(symbol(symbols, 'buildReply').exported).toBe(true);
    expect(symbols.uses).toEqual(expect.arrayContaining(['eos', 'kReplyHeaders', 'FST_ERR_REP_ALREADY_SENT', 'raw', 'sent', 'onFinish', 'finished']));
    expect(symbols.uses).not.toContain('mediaType');
  });

  it('keeps the property names a caller uses, so `reply.mediaType()` links to its definition', () => {
    const caller = extractor.extract('lib/route.js', "function handle (reply) {\n  reply.mediaType('text/plain').type('x').send('ok')\n}\n");
    expect(caller.uses).toEqual(['mediaType', 'reply', 'send', 'type']);
  });

  it('reads CommonJS export objects and exports.x assignments', () => {
    const source = `const fp = require('fastify-plugin')
function plugin (app, opts, done) { done() }
const shared = 1
exports.version = '1.0.0'
exports.register = (app) => app.register(plugin)
module.exports = { shared, build: function (opts) { return opts }, reset () {} }
module.exports.plugin = fp(plugin)
`;
    const symbols = extractor.extract('lib/plugin.cjs', source);
    expect(symbols.language).toBe('javascript');
    expect(symbol(symbols, 'version')).toMatchObject({ kind: 'variable', exported: true, signature: "exports.version = '1.0.0'" });
    expect(symbol(symbols, 'register')).toMatchObject({ kind: 'function', exported: true, signature: 'exports.register = (app) =>' });
    expect(symbol(symbols, 'shared').exported).toBe(true);
    expect(symbol(symbols, 'build')).toMatchObject({ kind: 'function', exported: true, signature: 'build: function (opts)' });
    expect(symbol(symbols, 'reset')).toMatchObject({ kind: 'function', exported: true });
    expect(symbol(symbols, 'plugin', undefined, 'function')).toMatchObject({ exported: false, line: 2 });
    expect(symbol(symbols, 'plugin', undefined, 'variable')).toMatchObject({ exported: true, signature: 'module.exports.plugin = fp(plugin)' });
    expect(symbols.defines.map((s) => s.name)).not.toContain('fp');
  });

  it('records the keys of exported object literals as their members, and drops those of private ones', () => {
    const source = `const keys = {
  kReply: Symbol('fastify.reply'),
  kSchema: Symbol('fastify.schema'),
  build (opts) { return opts },
  shorthand,
}
const internal = { kHidden: 1 }
module.exports = keys
`;
    const symbols = extractor.extract('lib/symbols.js', source);
    expect(symbols.defines.map((s) => [s.parent ? `${s.parent}.${s.name}` : s.name, s.kind, s.exported, s.signature])).toEqual([
      ['keys', 'variable', true, 'const keys = { …'],
      ['keys.kReply', 'variable', true, "kReply: Symbol('fastify.reply')"],
      ['keys.kSchema', 'variable', true, "kSchema: Symbol('fastify.schema')"],
      ['keys.build', 'method', true, 'build (opts)'],
      ['keys.shorthand', 'variable', true, 'shorthand'],
      ['internal', 'variable', false, 'const internal = { kHidden: 1 }'],
    ]);
    const statuses = extractor.extract('model/status.ts', "export const TaskStatus = {\n  queued: 'queued',\n  done: 'done',\n} as const;\n");
    expect(statuses.defines.filter((s) => s.parent === 'TaskStatus').map((s) => [s.name, s.exported])).toEqual([
      ['queued', true],
      ['done', true],
    ]);
  });

  it('reads ES module classes and a default export', () => {
    const symbols = extractor.extract(
      'src/queue.mjs',
      'export default class Queue extends EventEmitter {\n  push (item) { this.emit("push", item) }\n}\nexport const createQueue = () => new Queue()\n',
    );
    expect(symbol(symbols, 'Queue')).toMatchObject({ kind: 'class', exported: true, signature: 'export default class Queue extends EventEmitter' });
    expect(symbol(symbols, 'push', 'Queue')).toMatchObject({ kind: 'method', exported: true, signature: 'push (item)' });
    expect(symbol(symbols, 'createQueue').kind).toBe('function');
    expect(symbols.uses).toEqual(['EventEmitter', 'emit', 'item']);
  });
});
