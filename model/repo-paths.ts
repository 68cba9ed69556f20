/** A path inside a repository, or why it cannot be one. */
export type RepoPathCheck = { ok: true; path: string } | { ok: false; problem: string };

/**
 * Checks a path given for copyFiles or linkFiles and returns it normalised (forward slashes, no
 * `.` segments). Refused, pure: empty, `.` (the whole checkout), absolute, leaving the repository
 * (`..`), or inside git's own files (`.git` anywhere).
 */
export function checkRepoPath(given: string): RepoPathCheck {
  const text = given.replaceAll('\\', '/');
  if (text.startsWith('/') || /^[A-Za-z]:\//.test(text)) return { ok: false, problem: `must be a path inside the repository, got '${given}'` };
  const segments = text.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.length === 0) return { ok: false, problem: `must name a file or folder inside the repository, not the repository itself ('${given}')` };
  if (segments.includes('..')) return { ok: false, problem: `must be a path inside the repository, got '${given}'` };
  if (segments.some((segment) => segment.toLowerCase() === '.git')) return { ok: false, problem: `must not be inside .git, got '${given}'` };
  return { ok: true, path: segments.join('/') };
}
