import path from 'node:path';

/** Where a project's releases live: `<home>/releases/<project>/<commit>/` and the `current` link. */
export function releasePaths(home: string, projectName: string) {
  const dir = path.join(home, 'releases', projectName);
  return {
    dir,
    /** The directory of one release (the commit's files plus its build). */
    release: (commit: string) => path.join(dir, commit),
    /** Symlink to the release that serves. */
    current: path.join(dir, 'current'),
  };
}

/** The file each finished release directory holds, naming its commit. */
export const RELEASE_MARKER = '.ringmaster-release.json';
