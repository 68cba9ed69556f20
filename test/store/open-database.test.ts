import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { openDatabase } from '../../store/open-database.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';

let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => removeDir(dir));

describe('openDatabase', () => {
  it('creates the folder and turns on WAL, foreign keys and a busy timeout', () => {
    const db = openDatabase(path.join(dir, 'nested', 'x.db'), { busyTimeoutMs: 1234 });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
    } finally {
      db.close();
    }
  });

  it('enforces foreign keys', () => {
    const db = openDatabase(path.join(dir, 'fk.db'));
    try {
      db.exec('CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (parent_id INTEGER REFERENCES parent(id));');
      expect(() => db.prepare('INSERT INTO child (parent_id) VALUES (42)').run()).toThrow(/FOREIGN KEY constraint failed/);
    } finally {
      db.close();
    }
  });

  it('lets a reader see committed rows while another connection holds a write transaction', () => {
    const file = path.join(dir, 'wal.db');
    const writer = openDatabase(file);
    const reader = openDatabase(file);
    try {
      writer.exec('CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1);');
      writer.exec('BEGIN IMMEDIATE; INSERT INTO t VALUES (2);');
      expect(reader.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 1 });
      writer.exec('COMMIT');
      expect(reader.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 2 });
    } finally {
      writer.close();
      reader.close();
    }
  });
});
