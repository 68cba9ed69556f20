import { beforeAll, describe, expect, it } from '@jest/globals';
import { createSymbolExtractor, type SymbolExtractor } from '../../../enrich/symbols/create-symbol-extractor.js';

let extractor: SymbolExtractor;
beforeAll(async () => {
  extractor = await createSymbolExtractor();
});

const MODULE = `"""Task storage."""
from typing import Optional
import sqlite3

MAX_TASKS: int = 100
_cache = {}
x, y = 1, 2


@dataclass(frozen=True)
class TaskStore(BaseStore, metaclass=ABCMeta):
    """Stores tasks."""

    table = "tasks"

    def __init__(self, path: str) -> None:  # opens the file
        self.conn = sqlite3.connect(path)

    @property
    async def count(self) -> int:
        return self.conn.execute("select count(*)").fetchone()[0]

    def _vacuum(self):
        pass


async def open_store(path: str, *, readonly: bool = False) -> Optional[TaskStore]:
    return TaskStore(path)


def _helper():
    pass


try:
    import ujson as json
except ImportError:
    def dumps(value):
        return str(value)
`;

describe('Python', () => {
  it('finds functions, classes with their methods, and module variables', () => {
    const symbols = extractor.extract('store/tasks.py', MODULE);
    expect(symbols.language).toBe('python');
    expect(symbols.defines.map((s) => [s.parent ? `${s.parent}.${s.name}` : s.name, s.kind, s.line, s.exported])).toEqual([
      ['MAX_TASKS', 'variable', 5, true],
      ['_cache', 'variable', 6, false],
      ['TaskStore', 'class', 11, true],
      ['TaskStore.__init__', 'method', 16, true],
      ['TaskStore.count', 'method', 20, true],
      ['TaskStore._vacuum', 'method', 23, false],
      ['open_store', 'function', 27, true],
      ['_helper', 'function', 31, false],
      ['dumps', 'function', 38, true],
    ]);
  });

  it('writes headers without the body, the colon or a trailing comment', () => {
    const symbols = extractor.extract('store/tasks.py', MODULE);
    const signatureOf = (name: string) => symbols.defines.find((s) => s.name === name)?.signature;
    expect(signatureOf('TaskStore')).toBe('class TaskStore(BaseStore, metaclass=ABCMeta)');
    expect(signatureOf('__init__')).toBe('def __init__(self, path: str) -> None');
    expect(signatureOf('count')).toBe('async def count(self) -> int');
    expect(signatureOf('open_store')).toBe('async def open_store(path: str, *, readonly: bool = False) -> Optional[TaskStore]');
    expect(signatureOf('MAX_TASKS')).toBe('MAX_TASKS: int = 100');
  });

  it('lists names and attributes used, without keywords, self or its own definitions', () => {
    const { uses } = extractor.extract('store/tasks.py', MODULE);
    expect(uses).toEqual(expect.arrayContaining(['sqlite3', 'connect', 'conn', 'execute', 'fetchone', 'Optional', 'BaseStore', 'dataclass', 'ujson', 'json']));
    for (const excluded of ['self', 'def', 'None', 'TaskStore', 'open_store', 'count']) expect(uses).not.toContain(excluded);
  });

  it('takes the export list from __all__ when the module sets one', () => {
    const symbols = extractor.extract('pkg/api.pyi', "__all__ = ['public_b']\n\ndef public_a(): ...\ndef public_b(): ...\n");
    expect(symbols.language).toBe('python');
    expect(symbols.defines.map((s) => [s.name, s.exported])).toEqual([
      ['public_a', false],
      ['public_b', true],
    ]);
  });
});
