import type { Command } from 'commander';
import type { Static } from 'typebox';
import type { ReloadView } from '../../api/schemas/reload-schemas.js';
import { clientFrom, withClientFlags, type ClientFlags } from '../client/client-from-flags.js';
import { renderTable } from '../format/table.js';

type Reload = Static<typeof ReloadView>;

/** Exit codes of `reload --wait`. */
export const RELOAD_EXIT_CODES: Record<string, number> = { deployed: 0, rolled_back: 1, rejected: 2 };

const short = (commit: string | null) => (commit ? commit.slice(0, 12) : '-');

/** A reload in full: its steps with timings and the compensations it ran. */
export function reloadDetails(reload: Reload): string {
  const steps = [...reload.steps.map((s) => ({ ...s, kind: 'step' })), ...reload.compensations.map((s) => ({ ...s, kind: 'undo' }))];
  return [
    `${reload.id}  ${reload.projectName}: ${short(reload.fromCommit)} → ${short(reload.toCommit)}  ${reload.status} (${reload.trigger})`,
    ...(reload.error ? [`  error   ${reload.error}`] : []),
    ...(reload.revertCommit ? [`  revert  ${reload.revertCommit}`] : []),
    '',
    renderTable(
      ['', 'STEP', 'STATUS', 'TIME', 'DETAIL'],
      steps.map((s) => [s.kind, s.name, s.status, `${((Date.parse(s.finishedAt) - Date.parse(s.startedAt)) / 1000).toFixed(1)}s`, s.detail ?? '']),
      100,
    ),
  ].join('\n');
}

/** `ringmaster reload <project>` and `ringmaster reloads`: release by hand, list releases (through the API). */
export function registerReloadCommands(program: Command): void {
  withClientFlags(program.command('reload <project>'))
    .description("release a commit of a project by hand through its queue (default: its default branch's tip); --wait exits 0 deployed, 1 rolled back, 2 rejected")
    .option('--commit <sha>', 'the commit to release')
    .option('--wait', 'follow the reload until it ends')
    .action(async (project: string, flags: ClientFlags & { commit?: string; wait?: boolean }) => {
      const client = clientFrom(flags);
      const queued = await client.post<{ projectId: string; toCommit: string; position: number }>(`/api/projects/${encodeURIComponent(project)}/reload`, flags.commit ? { commit: flags.commit } : {});
      if (!flags.wait) {
        console.log(flags.json ? JSON.stringify(queued, null, 2) : `Queued the release of ${queued.toCommit} (position ${queued.position}); see: ringmaster reloads --project ${project}`);
        return;
      }
      const since = new Date(Date.now() - 1000).toISOString();
      for (;;) {
        const { items } = await client.get<{ items: Reload[] }>(`/api/reloads?project=${encodeURIComponent(queued.projectId)}&limit=20`);
        const done = items.find((r) => r.toCommit === queued.toCommit && r.createdAt >= since && r.status !== 'running');
        if (done) {
          console.log(flags.json ? JSON.stringify(done, null, 2) : reloadDetails(done));
          process.exitCode = RELOAD_EXIT_CODES[done.status] ?? 1;
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    });

  withClientFlags(program.command('reloads [id]'))
    .description('list hot reloads, newest first, or show one with its steps and compensations')
    .option('--project <project>', 'only this project')
    .action(async (id: string | undefined, flags: ClientFlags & { project?: string }) => {
      const client = clientFrom(flags);
      if (id) {
        const reload = await client.get<Reload>(`/api/reloads/${encodeURIComponent(id)}`);
        return console.log(flags.json ? JSON.stringify(reload, null, 2) : reloadDetails(reload));
      }
      const { items } = await client.get<{ items: Reload[] }>(`/api/reloads${flags.project ? `?project=${encodeURIComponent(flags.project)}` : ''}`);
      if (flags.json) return console.log(JSON.stringify(items, null, 2));
      console.log(
        items.length
          ? renderTable(
              ['ID', 'PROJECT', 'FROM', 'TO', 'STATUS', 'TRIGGER', 'CREATED'],
              items.map((r) => [r.id, r.projectName, short(r.fromCommit), short(r.toCommit), r.status, r.trigger, r.createdAt]),
              80,
            )
          : 'No reloads.',
      );
    });
}
