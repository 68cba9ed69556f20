import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SettingsFlags } from '../../config/settings.js';
import { createSupervisor, type Endpoints } from '../../supervisor/supervisor.js';
import { CommandLineError, splitCommandLine } from '../../model/command-line.js';
import { UsageError } from '../cli-error.js';
import { settingsFrom } from '../settings-from.js';

function describe(endpoints: Endpoints): string {
  return [
    '',
    'Ringmaster is up.',
    `  API            ${endpoints.api}`,
    `  OpenAPI docs   ${endpoints.docs}`,
    `  Temporal UI    ${endpoints.temporalUi ?? '(set RINGMASTER_TEMPORAL_UI_URL to show it here)'}`,
    `  Temporal gRPC  ${endpoints.temporalAddress}`,
    `  Data dir       ${endpoints.home}`,
    `  API token      ${endpoints.tokenFile ?? 'RINGMASTER_API_TOKEN'} (the CLI reads it; paste it into /docs "Authorize" and the Temporal UI's sign-in)`,
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

/**
 * `ringmaster up`: runs the supervisor in the foreground. The first SIGINT/SIGTERM stops every
 * child in reverse order and exits 0; a second Ctrl-C (SIGINT) kills them at once and exits 130.
 */
export async function upCommand(flags: SettingsFlags & { self?: boolean | string; selfTestCmd?: string }): Promise<void> {
  const settings = settingsFrom(flags);
  const say = (line: string) => console.log(line);
  if (flags.selfTestCmd !== undefined && !flags.self) throw new UsageError('--self-test-cmd needs --self');
  let testCommand: string[] | undefined;
  try {
    testCommand = flags.selfTestCmd === undefined ? undefined : splitCommandLine(flags.selfTestCmd);
  } catch (err) {
    if (err instanceof CommandLineError) throw new UsageError(`--self-test-cmd ${err.message}`);
    throw err;
  }
  const supervisor = createSupervisor({
    settings,
    cliEntry: fileURLToPath(new URL('../main.js', import.meta.url)),
    say,
    ...(flags.self ? { self: { ...(testCommand ? { testCommand } : {}), ...(typeof flags.self === 'string' ? { repoPath: path.resolve(flags.self) } : {}) } } : {}),
  });
  let shuttingDown: Promise<void> | undefined;
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      // A repeated SIGTERM (e.g. from a process manager) just waits for the orderly shutdown, and
      // so does a SIGINT right after the first: Ctrl-C under `npm start` reaches us twice, once
      // from the terminal and once forwarded by npm.
      if (signal !== 'SIGINT' || Date.now() - firstSignalAt < 1500) return;
      say('Received SIGINT again; killing all processes now');
      supervisor.kill();
      process.exit(130);
    }
    firstSignalAt = Date.now();
    say(`Received ${signal}; shutting down (press Ctrl-C again to force) ...`);
    shuttingDown = supervisor.stop().then(() => {
      say('Ringmaster stopped.');
      process.exit(0);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    say(describe(await supervisor.start()));
  } catch (err) {
    // A signal during start-up aborts the waits; the shutdown already under way ends the process.
    if (shuttingDown) return;
    throw err;
  }
}
