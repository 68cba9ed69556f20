import type { SettingsFlags } from '../../config/settings.js';
import { formatChecks, runDoctor } from '../../toolchain/doctor.js';
import { ensureAider } from '../../toolchain/aider-cli.js';
import { ensureTemporalCli } from '../../toolchain/temporal-cli.js';
import { settingsFrom } from '../settings-from.js';

/** `ringmaster doctor`: prints what was found; exit code 1 when something required is missing. */
export async function doctorCommand(flags: SettingsFlags & { json?: boolean; fix?: boolean; installAider?: boolean }): Promise<void> {
  const settings = settingsFrom(flags);
  const progress = (line: string) => console.error(line);
  if (flags.fix && settings.temporal.embedded) await ensureTemporalCli({ onProgress: progress });
  if (flags.installAider) await ensureAider({ onProgress: progress });
  const checks = await runDoctor(settings);
  console.log(flags.json ? JSON.stringify({ checks }, null, 2) : formatChecks(checks));
  if (checks.some((c) => c.required && !c.ok)) process.exitCode = 1;
}
