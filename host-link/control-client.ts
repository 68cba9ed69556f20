import { createApiClient, ApiClientError } from './api-client.js';
import type { SecretRefs } from '../model/secrets.js';
import { SecretMissingError } from '../secrets/secret-vault.js';

/** Where a host worker reaches its control plane (`ringmaster worker --control <url>`), with a host token. */
export interface ControlPlaneAddress {
  url: string;
  token: string;
}

/**
 * The control plane as a host worker sees it: the calls a host makes instead of opening the
 * database it does not have. Throws ApiClientError when the control plane cannot be reached or refuses.
 */
export function createControlClient(address: ControlPlaneAddress, hostId: string) {
  const api = createApiClient({ baseUrl: address.url.replace(/\/+$/, ''), token: address.token });
  const taskPath = (taskId: string) => `/api/hosts/${encodeURIComponent(hostId)}/tasks/${encodeURIComponent(taskId)}`;
  return {
    api,
    /** Ids of the unfinished tasks whose worktree is on this host. */
    async tasksOnHost(id: string): Promise<string[]> {
      return (await api.get<{ items: string[] }>(`/api/hosts/${encodeURIComponent(id)}/tasks`)).items;
    },
    /** Which of these tasks went on on another host (this one was lost): their worktrees here are stale. */
    async movedAway(taskIds: string[]): Promise<string[]> {
      if (taskIds.length === 0) return [];
      return (await api.post<{ items: string[] }>(`/api/hosts/${encodeURIComponent(hostId)}/moved-away`, { taskIds })).items;
    },
    /** The git environment of a project's remote secret (undefined: none). Throws SecretMissingError when it is not stored. */
    async remoteCredential(projectId: string): Promise<Record<string, string> | undefined> {
      try {
        const path = `/api/hosts/${encodeURIComponent(hostId)}/projects/${encodeURIComponent(projectId)}/remote-credential`;
        return (await api.post<{ env: Record<string, string> | null }>(path, {})).env ?? undefined;
      } catch (err) {
        if (err instanceof ApiClientError && err.code === 'secret_missing') throw new SecretMissingError([], err.message);
        throw err;
      }
    },
    /** The values of a task's secret references. Throws SecretMissingError when one is not stored. */
    async resolveSecrets(taskId: string, refs: SecretRefs | undefined): Promise<Record<string, string>> {
      if (!refs || Object.keys(refs).length === 0) return {};
      try {
        return (await api.post<{ env: Record<string, string> }>(`${taskPath(taskId)}/secrets`, { refs })).env;
      } catch (err) {
        if (err instanceof ApiClientError && err.code === 'secret_missing') throw new SecretMissingError([], err.message);
        throw err;
      }
    },
  };
}

export type ControlClient = ReturnType<typeof createControlClient>;
