import { ensureDataDirs } from '../../config/paths.js';
import type { SettingsFlags } from '../../config/settings.js';
import { migrate } from '../../store/migrate.js';
import { openDatabase } from '../../store/open-database.js';
import { settingsFrom } from '../settings-from.js';

/** `ringmaster migrate`: applies pending SQL migrations to the data dir's database. */
export function migrateCommand(flags: SettingsFlags): void {
  const paths = ensureDataDirs(settingsFrom(flags).home);
  const db = openDatabase(paths.database);
  try {
    const { applied, version } = migrate(db, undefined, {
      backupDir: paths.backups,
      // Another Ringmaster (a starting worker, another `migrate`) holds the write lock: say why this waits.
      onLockBusy: () => console.error(`${paths.database}: another process holds the write lock; waiting for it`),
    });
    console.log(
      applied.length ? `${paths.database}: applied ${applied.length} migration(s) (${applied.join(', ')}); schema version ${version}` : `${paths.database}: up to date at schema version ${version}`,
    );
  } finally {
    db.close();
  }
}
