/** Why a backup could not be made, read or restored (fixed strings: tests and callers match on them). */
export type BackupErrorReason =
  /** The file to restore does not exist or cannot be read. */
  | 'not_found'
  /** The file is not a Ringmaster backup: not a tar, or no manifest. */
  | 'not_a_backup'
  /** Made by a newer Ringmaster: a format or schema version this build does not know. */
  | 'unsupported'
  /** Truncated, corrupt, a checksum mismatch or a database failing its integrity check. */
  | 'damaged'
  /** Ringmaster (or another process) uses the data dir's databases. */
  | 'in_use'
  /** There is nothing to back up. */
  | 'no_database';

/**
 * Thrown for every refusal of `createBackup`, `restoreBackup` and `readBackupManifest`. The message
 * is for people: it names the file and what is wrong, so the CLI prints it without a stack.
 */
export class BackupError extends Error {
  override readonly name = 'BackupError';
  constructor(
    readonly reason: BackupErrorReason,
    message: string,
    /** The backup file or database the message is about. */
    readonly file?: string,
  ) {
    super(message);
  }
}
