import { describe, expect, it } from '@jest/globals';
import { checkRepoPath } from '../../model/repo-paths.js';

describe('checkRepoPath', () => {
  it('normalises a path inside the repository', () => {
    expect(checkRepoPath('./config//app.env')).toEqual({ ok: true, path: 'config/app.env' });
    expect(checkRepoPath('node_modules')).toEqual({ ok: true, path: 'node_modules' });
  });

  it.each(['', '.', './', '/etc/passwd', 'C:/x', '../outside', 'a/../../b', '.git', '.git/config', 'sub/.git/hooks', '.GIT'])('refuses %j', (given) => {
    expect(checkRepoPath(given).ok).toBe(false);
  });
});
