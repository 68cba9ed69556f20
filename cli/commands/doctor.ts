import type { SettingsFlags } from '../../config/settings.js';
import { formatChecks, runDoctor } from '../../toolchain/doctor.js';
import { ensureTemporalCli } from '../../toolchain/temporal-cli.js';
import { settingsFrom } from '../settings-from.js';

/** `ringmaster doctor`: prints what was found; exit code 1 when something required is missing. */
export async function doctorCommand(flags: SettingsFlags & { json?: boolean; fix?: boolean }): Promise<void> {
  const settings = settingsFrom(flags);
  if (flags.fix && settings.temporal.embedded) {
    await ensureTemporalCli({ onProgress: (line) => console.error(line) });
  }
  const checks = await runDoctor(settings);
  console.log(flags.json ? JSON.stringify({ checks }, null, 2) : formatChecks(checks));
  if (checks.some((c) => c.required && !c.ok)) process.exitCode = 1;
}
