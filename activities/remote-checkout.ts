import { ensureMirror, fetchMirror, mirrorPath } from '../git/remote-mirror.js';

/** What a host needs to find a project's repository: the control plane's path, or the remote it mirrors. */
export interface RepositoryRef {
  projectId: string;
  repoPath: string;
  remote?: string | undefined;
}

/**
 * The same settings with `repoPath` pointing at this host's repository of the project: unchanged
 * for a local checkout; for a project backed by a remote, this host's bare mirror of it (created
 * when missing; with `fetch`, brought up to date first). Throws RemoteFetchError and RemoteUrlError.
 */
export async function localRepository<T extends RepositoryRef>(home: string, settings: T, options: { fetch?: boolean } = {}): Promise<T> {
  if (!settings.remote) return settings;
  const mirror = await ensureMirror({ home, projectId: settings.projectId, remoteUrl: settings.remote });
  if (options.fetch) await fetchMirror(mirror);
  return { ...settings, repoPath: mirror };
}

/** This host's mirror of a project backed by a remote (whether or not it exists yet). */
export function mirrorOf(home: string, settings: RepositoryRef): string {
  return mirrorPath(home, settings.projectId);
}
