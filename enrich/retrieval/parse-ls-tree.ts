/** One blob of a tree as `git ls-tree -r -z --long` lists it. */
export interface TreeBlob {
  path: string;
  /** The blob's object id; equal contents share it, so per-blob analysis is reusable across commits. */
  sha: string;
  /** Size in bytes. */
  size: number;
}

/**
 * The regular files of `git ls-tree -r -z --long` output, in git's order. Symbolic links (mode
 * 120000) and submodules (type `commit`) are skipped: they have no text of their own. Throws when
 * a record is not of the `<mode> <type> <sha> <size>\t<path>` form.
 */
export function parseLsTree(output: string): TreeBlob[] {
  const blobs: TreeBlob[] = [];
  for (const record of output.split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const fields = tab < 0 ? [] : record.slice(0, tab).split(/ +/);
    const [mode, type, sha, size] = fields;
    if (fields.length !== 4 || mode === undefined || type === undefined || sha === undefined || size === undefined) {
      throw new Error(`ls-tree: expected "<mode> <type> <sha> <size>\\t<path>", saw ${JSON.stringify(record.slice(0, 120))}`);
    }
    if (type !== 'blob' || mode === '120000') continue;
    blobs.push({ path: record.slice(tab + 1), sha, size: Number(size) });
  }
  return blobs;
}
