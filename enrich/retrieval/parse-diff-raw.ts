/** One path that differs between two trees, as `git diff --raw -z --no-renames` reports it. */
export interface TreeChange {
  path: string;
  /** The blob after the change, or undefined when the path was deleted (or is no longer a regular file). */
  sha: string | undefined;
}

const ZERO = /^0+$/;

/**
 * The changed paths of `git diff --raw -z --no-renames <a> <b>` output. A path that became a
 * symlink or submodule counts as deleted: the index keeps regular files only. Throws when a
 * record is not `:<mode> <mode> <sha> <sha> <status>`.
 */
export function parseDiffRaw(output: string): TreeChange[] {
  const tokens = output.split('\0');
  const changes: TreeChange[] = [];
  for (let i = 0; i + 1 < tokens.length; i += 2) {
    const header = tokens[i]!;
    const path = tokens[i + 1]!;
    if (header === '' && path === '') continue;
    const fields = header.replace(/^\n/, '').split(' ');
    if (fields.length !== 5 || !fields[0]!.startsWith(':')) throw new Error(`diff --raw: expected ":<mode> <mode> <sha> <sha> <status>", saw ${JSON.stringify(header.slice(0, 120))}`);
    const [, newMode, , newSha] = fields as [string, string, string, string, string];
    const regular = newMode.startsWith('100');
    changes.push({ path, sha: regular && !ZERO.test(newSha) ? newSha : undefined });
  }
  return changes;
}
