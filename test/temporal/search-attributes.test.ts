import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from '@temporalio/client';
import { execa } from 'execa';
import { SEARCH_ATTRIBUTES } from '../../model/search-attributes.js';
import { ensureSearchAttributes } from '../../temporal/search-attributes.js';
import { eventually } from '../support/processes.js';
import { connectClient } from '../support/temporal.js';
import { testRunEnv } from '../support/test-env.js';

let connection: Connection;
beforeAll(async () => {
  connection = await connectClient();
});
afterAll(async () => connection?.close());

describe('ensureSearchAttributes', () => {
  it('registers the four Keyword attributes on a new namespace once', async () => {
    const namespace = `sa-${Date.now().toString(36)}`;
    const { temporalBin, temporalAddress } = testRunEnv();
    await execa(temporalBin, ['operator', 'namespace', 'create', '--namespace', namespace, '--address', temporalAddress]);
    const added = await eventually(() => ensureSearchAttributes(connection, namespace).catch(() => undefined), 'the new namespace', 30_000);
    expect(added.sort()).toEqual(SEARCH_ATTRIBUTES.map((k) => k.name).sort());
    expect(await ensureSearchAttributes(connection, namespace)).toEqual([]);
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    for (const key of SEARCH_ATTRIBUTES) expect(customAttributes[key.name]).toBe(2); // INDEXED_VALUE_TYPE_KEYWORD
  });
});
