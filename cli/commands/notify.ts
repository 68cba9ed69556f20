import type { Command } from 'commander';
import type { Static } from 'typebox';
import type { NotificationView } from '../../api/schemas/notification-schemas.js';
import { UsageError } from '../cli-error.js';
import { clientFrom, withClientFlags, type ClientFlags } from '../client/client-from-flags.js';

/** `ringmaster notify test <url>`: one test notification now, through the API, and what the receiver answered. */
export function registerNotifyCommand(program: Command): void {
  const notify = program.command('notify').description('webhook notifications');
  withClientFlags(notify.command('test <url>'))
    .description('send one test notification to <url> and print what came back (exit 1 unless it answered 2xx)')
    .option('--format <format>', 'json (default) or slack', 'json')
    .option('--secret <name>', 'a stored secret (ringmaster secret set NAME) to sign the body with')
    .action(async (url: string, flags: ClientFlags & { format: string; secret?: string }) => {
      if (!/^https?:\/\//.test(url)) throw new UsageError(`<url> must start with http:// or https://, got "${url}"`);
      if (flags.format !== 'json' && flags.format !== 'slack') throw new UsageError(`--format must be json or slack, got "${flags.format}"`);
      const sent = await clientFrom(flags).post<Static<typeof NotificationView>>('/api/notifications/test', { url, format: flags.format, ...(flags.secret ? { secret: flags.secret } : {}) });
      const attempt = sent.attempts[0];
      const answer = attempt?.statusCode != null ? `HTTP ${attempt.statusCode}` : `no answer (${attempt?.error ?? 'unknown'})`;
      console.log(`${sent.status === 'delivered' ? 'delivered' : 'not delivered'}: ${url} → ${answer} in ${attempt?.durationMs ?? 0} ms${sent.signed ? ' (signed)' : ''}`);
      if (sent.status !== 'delivered') process.exitCode = 1;
    });
}
