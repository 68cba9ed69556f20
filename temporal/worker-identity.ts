// A Ringmaster worker process tells the cluster who it is through the identity of its Temporal
// Workers, which every worker heartbeat carries: the cluster stays the only registry of workers,
// on every host, with nothing to clean up when a worker dies. The format crosses releases and
// hosts: add keys, never rename one.
//
//   ringmaster:<hostId>:<pid> slots=<n> caps=<c1>,<c2> v=<version> commit=<commit>

/** What a worker says about itself. */
export interface WorkerIdentity {
  hostId: string;
  pid: number;
  /** Agent slots: how many agents it runs at once. */
  slots: number;
  /** Agent CLIs it found and the labels it was given, e.g. `claude-code`, `gpu`, `languages=python`. */
  capabilities: string[];
  /** Ringmaster's version and the commit it was built from. */
  version: string;
  commit: string;
}

/** The server refuses longer identities on polls (its id length limit). */
export const MAX_IDENTITY_LENGTH = 1000;

const PREFIX = 'ringmaster:';
// Values never hold spaces: host ids, capabilities and versions are validated where they are made.
const clean = (value: string) => value.replace(/\s+/g, '_');

/** Thrown when an identity would be too long for Temporal: too many or too long labels. */
export class WorkerIdentityError extends Error {
  override readonly name = 'WorkerIdentityError';
}

/** Encodes a worker's identity; throws WorkerIdentityError when it exceeds MAX_IDENTITY_LENGTH. */
export function encodeWorkerIdentity(identity: WorkerIdentity): string {
  const text = [
    `${PREFIX}${clean(identity.hostId)}:${identity.pid}`,
    `slots=${identity.slots}`,
    `caps=${identity.capabilities.map(clean).join(',')}`,
    `v=${clean(identity.version)}`,
    `commit=${clean(identity.commit)}`,
  ].join(' ');
  if (text.length > MAX_IDENTITY_LENGTH) {
    throw new WorkerIdentityError(`the worker identity is ${text.length} characters, more than Temporal's ${MAX_IDENTITY_LENGTH}: give fewer or shorter labels`);
  }
  return text;
}

/**
 * Reads an identity written by encodeWorkerIdentity. Returns undefined for any other identity
 * (a worker that is not Ringmaster's, or one from before identities were encoded); unknown keys
 * are skipped, so newer workers stay readable.
 */
export function parseWorkerIdentity(text: string): WorkerIdentity | undefined {
  const [head, ...fields] = text.trim().split(/\s+/);
  const match = /^ringmaster:([^:\s]+):(\d+)$/.exec(head ?? '');
  if (!match) return undefined;
  const values = new Map<string, string>();
  for (const field of fields) {
    const at = field.indexOf('=');
    if (at > 0) values.set(field.slice(0, at), field.slice(at + 1));
  }
  const slots = Number(values.get('slots'));
  return {
    hostId: match[1]!,
    pid: Number(match[2]),
    slots: Number.isInteger(slots) && slots > 0 ? slots : 0,
    capabilities: (values.get('caps') ?? '').split(',').filter(Boolean),
    version: values.get('v') ?? '',
    commit: values.get('commit') ?? '',
  };
}
