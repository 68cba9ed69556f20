import { describe, expect, it } from '@jest/globals';
import { branchRefPaths, isBranchRefPath } from '../../git/branch-ref-paths.js';
import { InvalidBranchNameError } from '../../git/git-errors.js';

describe('branchRefPaths', () => {
  it('names the loose ref, packed-refs and the folders down to the ref', () => {
    expect(branchRefPaths('/repo/.git', 'main')).toEqual({
      gitDir: '/repo/.git',
      looseRef: '/repo/.git/refs/heads/main',
      packedRefs: '/repo/.git/packed-refs',
      folders: ['/repo/.git', '/repo/.git/refs', '/repo/.git/refs/heads'],
    });
  });

  it('follows a branch name with slashes into its folders', () => {
    const paths = branchRefPaths('/srv/app.git/', 'release/2024/v1');
    expect(paths.looseRef).toBe('/srv/app.git/refs/heads/release/2024/v1');
    expect(paths.folders).toEqual(['/srv/app.git', '/srv/app.git/refs', '/srv/app.git/refs/heads', '/srv/app.git/refs/heads/release', '/srv/app.git/refs/heads/release/2024']);
  });

  it('refuses names that could leave refs/heads', () => {
    expect(() => branchRefPaths('/repo/.git', '../../config')).toThrow(InvalidBranchNameError);
    expect(() => branchRefPaths('/repo/.git', '')).toThrow(InvalidBranchNameError);
  });
});

describe('isBranchRefPath', () => {
  const paths = branchRefPaths('/repo/.git', 'feature/x');

  it('keeps the ref, packed-refs and the folders leading to the ref', () => {
    for (const kept of ['/repo/.git', '/repo/.git/refs', '/repo/.git/refs/heads', '/repo/.git/refs/heads/feature', '/repo/.git/refs/heads/feature/x', '/repo/.git/packed-refs']) {
      expect(isBranchRefPath(paths, kept)).toBe(true);
    }
  });

  it('drops lock files, other refs and everything else in the git dir', () => {
    for (const dropped of [
      '/repo/.git/refs/heads/feature/x.lock',
      '/repo/.git/packed-refs.lock',
      '/repo/.git/refs/heads/main',
      '/repo/.git/refs/heads/feature/y',
      '/repo/.git/refs/tags',
      '/repo/.git/HEAD',
      '/repo/.git/index',
      '/repo/.git/logs/refs/heads/feature/x',
      '/repo/.git/objects',
    ]) {
      expect(isBranchRefPath(paths, dropped)).toBe(false);
    }
  });
});
