import { BackupError } from './backup-error.js';

/** The manifest's name inside the archive; it is always the first entry. */
export const MANIFEST_NAME = 'manifest.json';
/** What the manifest's `format` field says in every Ringmaster backup. */
export const BACKUP_FORMAT = 'ringmaster-backup';
/** The manifest layout this build writes and the newest it reads. */
export const BACKUP_FORMAT_VERSION = 1;
/** The database files a backup may hold, in the data dir and in the archive alike. */
export const DATABASE_NAMES = ['ringmaster.db', 'temporal.db'] as const;
/** `ringmaster.db` or `temporal.db`. */
export type DatabaseName = (typeof DATABASE_NAMES)[number];

/** One database copy inside a backup. */
export interface BackupFileEntry {
  name: DatabaseName;
  size: number;
  /** SHA-256 of the copy, hex. */
  sha256: string;
}

/** What `manifest.json` of a backup says. */
export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  /** Ringmaster's version and commit that made the backup. */
  ringmasterVersion: string;
  ringmasterCommit: string;
  /** ISO time the copies were taken. */
  createdAt: string;
  /** MAX(version) of ringmaster.db's schema_migrations; null for a database never migrated. */
  schemaVersion: number | null;
  files: BackupFileEntry[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const SHA256 = /^[0-9a-f]{64}$/;

function notABackup(file: string, what: string): BackupError {
  return new BackupError('not_a_backup', `${file} is not a Ringmaster backup: ${what}`, file);
}

function parseEntry(file: string, value: unknown): BackupFileEntry {
  if (!isObject(value)) throw notABackup(file, 'a manifest file entry is not an object');
  const { name, size, sha256 } = value;
  if (typeof name !== 'string' || !(DATABASE_NAMES as readonly string[]).includes(name)) {
    throw notABackup(file, `the manifest lists ${JSON.stringify(name)}, expected one of ${DATABASE_NAMES.join(', ')}`);
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw notABackup(file, `the manifest gives ${name} no valid size`);
  if (typeof sha256 !== 'string' || !SHA256.test(sha256)) throw notABackup(file, `the manifest gives ${name} no valid SHA-256`);
  return { name: name as DatabaseName, size, sha256 };
}

/**
 * Parses and checks a manifest's text (`file` names the backup in messages). Throws BackupError
 * `not_a_backup` for anything but a Ringmaster manifest listing ringmaster.db, and `unsupported`
 * for a format version newer than this build reads. Pure.
 */
export function parseBackupManifest(text: string, file: string): BackupManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw notABackup(file, `${MANIFEST_NAME} is not JSON`);
  }
  if (!isObject(value) || value.format !== BACKUP_FORMAT) throw notABackup(file, `${MANIFEST_NAME} is not a Ringmaster manifest`);
  const { formatVersion, ringmasterVersion, ringmasterCommit, createdAt, schemaVersion, files } = value;
  if (typeof formatVersion !== 'number' || !Number.isInteger(formatVersion) || formatVersion < 1) throw notABackup(file, 'the manifest has no format version');
  if (formatVersion > BACKUP_FORMAT_VERSION) {
    throw new BackupError(
      'unsupported',
      `${file} has backup format ${formatVersion}, newer than this Ringmaster reads (${BACKUP_FORMAT_VERSION}): restore it with the Ringmaster version that made it (${String(ringmasterVersion)}) or newer`,
      file,
    );
  }
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) throw notABackup(file, 'the manifest has no valid creation time');
  if (schemaVersion !== null && !(typeof schemaVersion === 'number' && Number.isInteger(schemaVersion))) throw notABackup(file, 'the manifest has no valid schema version');
  if (!Array.isArray(files)) throw notABackup(file, 'the manifest lists no files');
  const entries = files.map((entry) => parseEntry(file, entry));
  const names = entries.map((entry) => entry.name);
  if (new Set(names).size !== names.length) throw notABackup(file, 'the manifest lists a file twice');
  if (!names.includes('ringmaster.db')) throw notABackup(file, 'the manifest lists no ringmaster.db');
  return {
    format: BACKUP_FORMAT,
    formatVersion,
    ringmasterVersion: typeof ringmasterVersion === 'string' ? ringmasterVersion : 'unknown',
    ringmasterCommit: typeof ringmasterCommit === 'string' ? ringmasterCommit : 'unknown',
    createdAt,
    schemaVersion,
    files: entries,
  };
}
