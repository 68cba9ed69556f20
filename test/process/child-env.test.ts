import { describe, expect, it } from '@jest/globals';
import { childBaseEnv } from '../../process/child-env.js';

const worker = {
  PATH: '/bin',
  HOME: '/home/a',
  LANG: 'C.UTF-8',
  LC_ALL: 'C.UTF-8',
  SSL_CERT_FILE: '/etc/ssl/ca.pem',
  SSH_AUTH_SOCK: '/tmp/ssh-agent.sock',
  AWS_SECRET_ACCESS_KEY: 'aws',
  GITHUB_TOKEN: 'gh',
  ANTHROPIC_API_KEY: 'k',
  TEMPORAL_ADDRESS: 'prod:7233',
  TEMPORAL_API_KEY: 'temporal-key',
  RINGMASTER_HOME: '/srv/rm',
  RINGMASTER_API_TOKEN: 'secret',
  RINGMASTER_TEMPORAL_BIN: '/opt/temporal',
  RINGMASTER_TOOLS_DIR: '/opt/tools',
  JAVA_OPTS: '-Xmx1g',
};

describe('childBaseEnv', () => {
  it("keeps the allowlist and drops credentials, sockets and Ringmaster's own settings", () => {
    expect(childBaseEnv(worker)).toEqual({
      PATH: '/bin',
      HOME: '/home/a',
      LANG: 'C.UTF-8',
      LC_ALL: 'C.UTF-8',
      SSL_CERT_FILE: '/etc/ssl/ca.pem',
      RINGMASTER_TEMPORAL_BIN: '/opt/temporal',
      RINGMASTER_TOOLS_DIR: '/opt/tools',
    });
  });

  it("adds an agent CLI's own variables and those RINGMASTER_CHILD_ENV names, never Ringmaster's", () => {
    const env = childBaseEnv({ ...worker, RINGMASTER_CHILD_ENV: 'JAVA_OPTS, RINGMASTER_*,GITHUB_*' }, ['ANTHROPIC_*']);
    expect(env).toMatchObject({ ANTHROPIC_API_KEY: 'k', JAVA_OPTS: '-Xmx1g', GITHUB_TOKEN: 'gh' });
    expect(
      Object.keys(env)
        .filter((name) => name.startsWith('RINGMASTER_'))
        .sort(),
    ).toEqual(['RINGMASTER_TEMPORAL_BIN', 'RINGMASTER_TOOLS_DIR']);
    expect(env).not.toHaveProperty('SSH_AUTH_SOCK');
  });
});
