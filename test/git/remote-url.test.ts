import { describe, expect, it } from '@jest/globals';
import { RemoteUrlError } from '../../git/remote-errors.js';
import { parseRemoteUrl, redactRemoteUrl } from '../../git/remote-url.js';

describe('parseRemoteUrl', () => {
  it.each([
    ['file:///srv/git/app.git', 'file'],
    ['git://127.0.0.1:9418/app.git', 'git'],
    ['git://git.example.com/team/app', 'git'],
    ['ssh://git@github.com/team/app.git', 'ssh'],
    ['ssh://deploy@10.0.0.5:2222/srv/app.git', 'ssh'],
    ['ssh://host.example.com/app.git', 'ssh'],
    ['git@github.com:team/app.git', 'ssh'],
    ['https://github.com/team/app.git', 'https'],
    ['https://git.example.com:8443/app', 'https'],
    ['HTTPS://github.com/team/app.git', 'https'],
    ['http://127.0.0.1:8080/app.git', 'http'],
    ['http://localhost/app.git', 'http'],
  ])('accepts %s as %s, unchanged', (raw, scheme) => {
    expect(parseRemoteUrl(raw)).toEqual({ url: raw, scheme });
  });

  it.each([
    ['', /it is empty/],
    ['/srv/git/app.git', /must be a file:\/\/, git:\/\/, ssh:\/\/ or https:\/\/ URL/],
    ['../app', /must be a file:\/\/, git:\/\/, ssh:\/\/ or https:\/\/ URL/],
    ['ftp://example.com/app.git', /must be a file:\/\/, git:\/\/, ssh:\/\/ or https:\/\/ URL/],
    ['git+ssh://host/app.git', /must be a file:\/\/, git:\/\/, ssh:\/\/ or https:\/\/ URL/],
    ['ext::sh -c touch% /tmp/pwned', /must not contain spaces/],
    ['ext::sh%20-c%20id', /transport::address remotes \(such as ext::\) are refused/],
    ['fd::17', /transport::address/],
    ['-uploadpack=touch /tmp/x', /must not start with "-"/],
    ['--upload-pack=id', /must not start with "-"/],
    ['ssh://-oProxyCommand=id/app', /is not a host name/],
    ['ssh://-oProxyCommand=id@host/app', /user name must not start with "-"/],
    ['https://github.com /x', /must not contain spaces/],
    ['https://github.com/x\n', /control characters/],
    ['http://example.com/app.git', /plain http:\/\/ is only allowed to 127.0.0.1 or localhost/],
    ['http://127.0.0.1.evil.example/app.git', /plain http:\/\//],
    ['file://otherhost/srv/app.git', /file:\/\/\/absolute\/path/],
    ['file:///', /file:\/\/\/absolute\/path/],
    ['git://host', /needs a repository path/],
    ['https://example.com/app.git?x=1', /\?query or #fragment/],
    ['https://[::1/x', /does not parse as a URL/],
    ['git@:app.git', /must be a file:\/\//],
  ])('refuses %j', (raw, message) => {
    expect(() => parseRemoteUrl(raw)).toThrow(RemoteUrlError);
    expect(() => parseRemoteUrl(raw)).toThrow(message);
  });

  it.each([
    'https://user:s3cret@github.com/team/app.git',
    'https://ghp_s3cret@github.com/team/app.git',
    'http://localhost:s3cret@example.com/app.git',
    'ssh://git:s3cret@github.com/team/app.git',
    'git://u:s3cret@host/app.git',
    'git:s3cret@github.com:team/app.git',
  ])('refuses the credentials in %s without repeating them', (raw) => {
    let error: unknown;
    try {
      parseRemoteUrl(raw);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RemoteUrlError);
    expect((error as RemoteUrlError).message).toMatch(/must not hold credentials \(give them as a project secret\)/);
    expect((error as RemoteUrlError).message).not.toContain('s3cret');
    expect((error as RemoteUrlError).url).not.toContain('s3cret');
  });
});

describe('redactRemoteUrl', () => {
  it.each([
    ['https://user:token@github.com/team/app.git', 'https://github.com/team/app.git'],
    ['https://token@github.com/a@b', 'https://github.com/a@b'],
    ['ssh://git@github.com:22/team/app.git', 'ssh://github.com:22/team/app.git'],
    ['git@github.com:team/app.git', 'github.com:team/app.git'],
    ['user:pa@ss@host:app', 'host:app'],
    ['https://github.com/team/app.git', 'https://github.com/team/app.git'],
    ['file:///srv/a@b/app.git', 'file:///srv/a@b/app.git'],
    ['/srv/a@b', '/srv/a@b'],
    ['', ''],
  ])('%s → %s', (raw, redacted) => {
    expect(redactRemoteUrl(raw)).toBe(redacted);
  });
});
