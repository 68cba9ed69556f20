import { parseSecretRef, type SecretRefs } from '../model/secrets.js';
import { NAMED_SECRET_SCOPE, type SecretInfo, type SecretRepository } from '../store/secret-repository.js';
import { openSecret, sealSecret } from './secret-cipher.js';

/** Thrown when a task names a secret that is not stored. */
export class SecretMissingError extends Error {
  override readonly name = 'SecretMissingError';
  /** `message` replaces the one made from `missing` (a host worker relays the control plane's). */
  constructor(
    readonly missing: { envName: string; ref: string }[],
    message?: string,
  ) {
    super(
      message ??
        `${missing.map(({ envName, ref }) => `${envName} names the secret ${ref}, which is not set`).join('; ')}` + ` (store it with: ringmaster secret set ${missing[0]!.ref.replace(/^task:/, '')})`,
    );
  }
}

/** Stores and reads secrets, encrypted with the data dir's key; nothing outside sees a sealed value. */
export function createSecretVault(deps: { repository: SecretRepository; key: Buffer }) {
  const { repository, key } = deps;
  const put = (scope: string, name: string, value: string, by: string | null) => repository.put(scope, name, sealSecret(key, scope, name, value), by);
  const read = (scope: string, name: string): string | undefined => {
    const sealed = repository.get(scope, name);
    return sealed === undefined ? undefined : openSecret(key, scope, name, sealed);
  };
  return {
    /** Stores a named secret (replacing its value). */
    setNamed(name: string, value: string, by: string | null): void {
      put(NAMED_SECRET_SCOPE, name, value, by);
    },
    /** Removes a named secret; false when there was none. */
    removeNamed(name: string): boolean {
      return repository.remove(NAMED_SECRET_SCOPE, name);
    },
    /** Names and dates of the named secrets, never their values. */
    listNamed(): SecretInfo[] {
      return repository.list(NAMED_SECRET_SCOPE);
    },
    /** Stores the env values a task brought, for its agent only, until the task ends. */
    sealTaskValues(taskId: string, values: Record<string, string>, by: string | null): void {
      for (const [name, value] of Object.entries(values)) put(taskId, name, value, by);
    },
    /**
     * The environment a task's secret references stand for. Throws SecretMissingError naming every
     * reference that is not stored, SecretUnreadableError for a value this key cannot decrypt.
     */
    resolve(taskId: string, refs: SecretRefs | undefined): Record<string, string> {
      const env: Record<string, string> = {};
      const missing: { envName: string; ref: string }[] = [];
      for (const [envName, ref] of Object.entries(refs ?? {})) {
        const parsed = parseSecretRef(ref);
        const value = read(parsed.kind === 'task' ? taskId : NAMED_SECRET_SCOPE, parsed.name);
        if (value === undefined) missing.push({ envName, ref });
        else env[envName] = value;
      }
      if (missing.length) throw new SecretMissingError(missing);
      return env;
    },
    /** Forgets the values a task brought (it ended); returns how many went. */
    forgetTask(taskId: string): number {
      return repository.removeScope(taskId);
    },
  };
}

export type SecretVault = ReturnType<typeof createSecretVault>;
