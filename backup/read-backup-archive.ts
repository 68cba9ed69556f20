import fs from 'node:fs';
import path from 'node:path';
import { extract, Parser, type ReadEntry } from 'tar';
import { PRIVATE_FILE_MODE } from '../config/private-files.js';
import { BackupError } from './backup-error.js';
import { MANIFEST_NAME, parseBackupManifest, type BackupManifest } from './backup-manifest.js';
import { checkDatabaseIntegrity } from './check-database.js';
import { sha256OfFile } from './sqlite-snapshot.js';

/** A manifest is a few hundred bytes; anything far bigger is not one of ours. */
const MAX_MANIFEST_BYTES = 64 * 1024;

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

function isGzip(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    throw archiveError(file, err);
  }
  try {
    const head = Buffer.alloc(GZIP_MAGIC.length);
    return fs.readSync(fd, head, 0, head.length, 0) === head.length && head.equals(GZIP_MAGIC);
  } catch (err) {
    throw archiveError(file, err);
  } finally {
    fs.closeSync(fd);
  }
}

/** Turns what tar or zlib threw while reading `file` into a BackupError that says what is wrong. */
function archiveError(file: string, err: unknown): BackupError {
  if (err instanceof BackupError) return err;
  const { code, message } = err as { code?: string; message: string };
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') return new BackupError('not_found', `${file} cannot be read (${code})`, file);
  if (code === 'TAR_BAD_ARCHIVE') return new BackupError('not_a_backup', `${file} is not a Ringmaster backup: not a gzip'ed tar archive`, file);
  if (code === 'Z_BUF_ERROR' || /unexpected end|truncated/i.test(message)) return new BackupError('damaged', `${file} is damaged: it is truncated (the archive ends early)`, file);
  if (code?.startsWith('Z_')) return new BackupError('damaged', `${file} is damaged: its compressed data is corrupt (${message.replace(/^zlib: /, '')})`, file);
  return new BackupError('damaged', `${file} is damaged: ${message}`, file);
}

/**
 * Reads the manifest of the backup `file` without decompressing the rest (it is the first entry).
 * Throws BackupError: `not_found`, `not_a_backup` (not a tar, no manifest, not ours),
 * `unsupported` (a newer format) or `damaged`.
 */
export async function readBackupManifest(file: string): Promise<BackupManifest> {
  if (!isGzip(file)) throw new BackupError('not_a_backup', `${file} is not a Ringmaster backup: not a gzip'ed tar archive`, file);
  const text = await new Promise<string>((resolve, reject) => {
    const input = fs.createReadStream(file);
    let settled = false;
    const settle = (err: BackupError | undefined, value = '') => {
      if (settled) return;
      settled = true;
      input.destroy();
      if (err) reject(err);
      else resolve(value);
    };
    const noManifest = () => new BackupError('not_a_backup', `${file} is not a Ringmaster backup: no manifest`, file);
    const parser = new Parser({
      strict: true,
      maxDecompressionRatio: Infinity,
      onReadEntry: (entry: ReadEntry) => {
        if (settled) return void entry.resume();
        if (entry.path !== MANIFEST_NAME || entry.type !== 'File' || entry.size > MAX_MANIFEST_BYTES) {
          entry.resume();
          return settle(noManifest());
        }
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => settle(undefined, Buffer.concat(chunks).toString('utf8')));
      },
    });
    parser.on('error', (err: unknown) => settle(archiveError(file, err)));
    // An archive without a single entry ends here.
    parser.on('end', () => settle(noManifest()));
    input.on('error', (err) => settle(archiveError(file, err)));
    input.pipe(parser);
  });
  return parseBackupManifest(text, file);
}

/**
 * Extracts the databases of the backup `file` into the empty private folder `dir` and verifies
 * each against the manifest (present, size, SHA-256) and with `PRAGMA integrity_check`. Entries
 * the manifest does not list are skipped, never written. Returns the manifest; throws BackupError
 * naming the file and what is wrong (`not_a_backup`, `unsupported`, `damaged`, `not_found`).
 */
export async function extractBackup(file: string, dir: string): Promise<BackupManifest> {
  const manifest = await readBackupManifest(file);
  const expected = new Map(manifest.files.map((entry) => [entry.name as string, entry]));
  const extracted = new Set<string>();
  const wrongSize = new Set<string>();
  try {
    await extract({
      file,
      cwd: dir,
      strict: true,
      maxDecompressionRatio: Infinity,
      filter: (entryPath, entry) => {
        const want = expected.get(entryPath);
        const { type, size } = entry as ReadEntry;
        if (!want || type !== 'File' || extracted.has(entryPath)) return false;
        // The manifest's sizes bound what a foreign archive can make us write.
        if (size !== want.size) {
          wrongSize.add(entryPath);
          return false;
        }
        extracted.add(entryPath);
        return true;
      },
    });
  } catch (err) {
    throw archiveError(file, err);
  }
  for (const { name, sha256 } of manifest.files) {
    const damaged = (what: string) => new BackupError('damaged', `${name} in the backup is damaged: ${what} (${file})`, file);
    if (wrongSize.has(name)) throw damaged('size mismatch');
    const copy = path.join(dir, name);
    if (!extracted.has(name) || !fs.existsSync(copy)) throw new BackupError('damaged', `${file} is damaged: ${name} is listed in its manifest but missing`, file);
    fs.chmodSync(copy, PRIVATE_FILE_MODE);
    if ((await sha256OfFile(copy)) !== sha256) throw damaged('checksum mismatch');
    const health = checkDatabaseIntegrity(copy);
    if (!health.ok) throw damaged(`integrity check failed: ${health.detail}`);
  }
  return manifest;
}
