/** A directory of the repository with everything under it. */
interface Directory {
  directories: Map<string, Directory>;
  files: string[];
  /** Files at any depth below. */
  total: number;
  /** Whether a focus file is at any depth below. */
  holdsFocus: boolean;
}

/** The mark after a focus file in the tree. */
export const FOCUS_MARK = ' *';

/** How much of the tree around the focus files to show. */
export interface TreeDetail {
  /** Files listed per expanded directory besides the focus files. */
  maxOtherFiles: number;
  /** Whether directories without focus files get a line each (`name/ (N files)`) or only count towards `… N more files`. */
  otherDirectories: boolean;
}

/**
 * The repository as indented tree lines: directories first, then files, each in code-unit
 * order. A directory holding a focus file is expanded (a chain of single subdirectories on one
 * line); any other is one line `name/ (N files)`. An expanded directory lists its focus files
 * (marked {@link FOCUS_MARK}) and up to `maxOtherFiles` others, then `… N more files`.
 */
export function renderRepoTree(paths: readonly string[], focus: ReadonlySet<string>, detail: TreeDetail): string[] {
  const root = buildTree(paths, focus);
  const lines: string[] = [];
  renderDirectory(root, '', '', focus, detail, lines);
  return lines;
}

function emptyDirectory(): Directory {
  return { directories: new Map(), files: [], total: 0, holdsFocus: false };
}

function buildTree(paths: readonly string[], focus: ReadonlySet<string>): Directory {
  const root = emptyDirectory();
  for (const path of paths) {
    const parts = path.split('/').filter((part) => part.length > 0);
    const fileName = parts.pop();
    if (fileName === undefined) continue;
    const isFocus = focus.has(path);
    let directory = root;
    directory.total += 1;
    directory.holdsFocus ||= isFocus;
    for (const part of parts) {
      let child = directory.directories.get(part);
      if (child === undefined) {
        child = emptyDirectory();
        directory.directories.set(part, child);
      }
      directory = child;
      directory.total += 1;
      directory.holdsFocus ||= isFocus;
    }
    directory.files.push(fileName);
  }
  return root;
}

function renderDirectory(directory: Directory, prefix: string, indent: string, focus: ReadonlySet<string>, detail: TreeDetail, lines: string[]): void {
  let hidden = 0;
  for (const name of [...directory.directories.keys()].sort()) {
    let child = directory.directories.get(name)!;
    if (!child.holdsFocus) {
      if (detail.otherDirectories) lines.push(`${indent}${name}/ (${filesCount(child.total)})`);
      else hidden += child.total;
      continue;
    }
    let label = name;
    // `a/b/c/` on one line when a and b hold nothing but the next directory.
    while (child.files.length === 0 && child.directories.size === 1) {
      const [onlyName, only] = [...child.directories][0]!;
      label += `/${onlyName}`;
      child = only;
    }
    lines.push(`${indent}${label}/`);
    renderDirectory(child, `${prefix}${label}/`, `${indent}  `, focus, detail, lines);
  }
  let others = 0;
  for (const file of [...directory.files].sort()) {
    if (focus.has(`${prefix}${file}`)) lines.push(`${indent}${file}${FOCUS_MARK}`);
    else if (others < detail.maxOtherFiles) {
      lines.push(`${indent}${file}`);
      others += 1;
    } else hidden += 1;
  }
  if (hidden > 0) lines.push(`${indent}… ${hidden} more ${hidden === 1 ? 'file' : 'files'}`);
}

function filesCount(count: number): string {
  return `${count} ${count === 1 ? 'file' : 'files'}`;
}
