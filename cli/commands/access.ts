import type { Command } from 'commander';
import { ROLES } from '../../model/roles.js';
import { UsageError } from '../cli-error.js';
import { clientFrom, withClientFlags, type ClientFlags } from '../client/client-from-flags.js';
import { renderTable } from '../format/table.js';

interface UserJson {
  name: string;
  role: string;
  createdAt: string;
  createdBy: string | null;
}

interface SecretJson {
  name: string;
  updatedAt: string;
  updatedBy: string | null;
}

/** Reads all of stdin (a secret's value: never an argument, where other users of the machine see it). */
async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('value (end with Ctrl-D): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing newline is how `echo` and a terminal end a value, not part of it.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** `ringmaster user add|ls|rm` and `ringmaster secret set|ls|rm` (through the API, as an admin). */
export function registerAccessCommands(program: Command): void {
  const user = program.command('user').description('personal API tokens with a role (viewer, operator, admin)');

  withClientFlags(user.command('add <name>'))
    .description('add a user and print its token (shown once: only its hash is kept)')
    .requiredOption('--role <role>', `${ROLES.join(', ')}`)
    .action(async (name: string, flags: ClientFlags & { role: string }) => {
      if (!(ROLES as readonly string[]).includes(flags.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}, got "${flags.role}"`);
      const created = await clientFrom(flags).post<{ user: UserJson; token: string }>('/api/users', { name, role: flags.role });
      if (flags.json) console.log(JSON.stringify(created, null, 2));
      else {
        console.log(created.token);
        console.error(`added ${created.user.name} (${created.user.role}); the token above is shown only now: give it to them (RINGMASTER_API_TOKEN)`);
      }
    });

  withClientFlags(user.command('ls'))
    .description('list the users')
    .action(async (flags: ClientFlags) => {
      const { items } = await clientFrom(flags).get<{ items: UserJson[] }>('/api/users');
      if (flags.json) console.log(JSON.stringify(items, null, 2));
      else
        console.log(
          renderTable(
            ['NAME', 'ROLE', 'ADDED', 'BY'],
            items.map((u) => [u.name, u.role, u.createdAt, u.createdBy ?? '']),
          ),
        );
    });

  withClientFlags(user.command('rm <name>'), false)
    .description('remove a user; its token stops working at once')
    .action(async (name: string, flags: ClientFlags) => {
      await clientFrom(flags).delete(`/api/users/${encodeURIComponent(name)}`);
      console.log(`removed ${name}`);
    });

  const secret = program.command('secret').description('named secrets that projects and tasks give their agents as environment variables');

  withClientFlags(secret.command('set <name>'), false)
    .description('store a secret, reading its value from stdin (e.g. `ringmaster secret set ANTHROPIC_API_KEY < key.txt`)')
    .action(async (name: string, flags: ClientFlags) => {
      const value = await readStdin();
      if (!value) throw new UsageError('the value on stdin is empty');
      await clientFrom(flags).put(`/api/secrets/${encodeURIComponent(name)}`, { value });
      console.log(`stored ${name}; a task gets it with agentOptions.secrets {"${name}": "${name}"} (or a project with secrets)`);
    });

  withClientFlags(secret.command('ls'))
    .description('list the secrets (names only)')
    .action(async (flags: ClientFlags) => {
      const { items } = await clientFrom(flags).get<{ items: SecretJson[] }>('/api/secrets');
      if (flags.json) console.log(JSON.stringify(items, null, 2));
      else
        console.log(
          renderTable(
            ['NAME', 'UPDATED', 'BY'],
            items.map((s) => [s.name, s.updatedAt, s.updatedBy ?? '']),
          ),
        );
    });

  withClientFlags(secret.command('rm <name>'), false)
    .description('remove a secret')
    .action(async (name: string, flags: ClientFlags) => {
      await clientFrom(flags).delete(`/api/secrets/${encodeURIComponent(name)}`);
      console.log(`removed ${name}`);
    });
}
