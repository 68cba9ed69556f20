import { describe, expect, it } from '@jest/globals';
import { childBaseEnv } from '../../agents/child-env.js';

describe('childBaseEnv', () => {
  it("drops Ringmaster's settings and keeps everything else and the tool locations", () => {
    const env = childBaseEnv({
      PATH: '/bin',
      HOME: '/home/a',
      ANTHROPIC_API_KEY: 'k',
      TEMPORAL_ADDRESS: 'prod:7233',
      TEMPORAL_NAMESPACE: 'prod',
      RINGMASTER_HOME: '/srv/rm',
      RINGMASTER_API_TOKEN: 'secret',
      RINGMASTER_TEMPORAL_BIN: '/opt/temporal',
      RINGMASTER_TOOLS_DIR: '/opt/tools',
    });
    expect(env).toEqual({ PATH: '/bin', HOME: '/home/a', ANTHROPIC_API_KEY: 'k', RINGMASTER_TEMPORAL_BIN: '/opt/temporal', RINGMASTER_TOOLS_DIR: '/opt/tools' });
  });
});
