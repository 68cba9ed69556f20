import type { Connection } from '@temporalio/client';
// @temporalio/proto is CommonJS: Node's ESM loader exposes only its default export.
import proto from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../model/search-attributes.js';

const { IndexedValueType } = proto.temporal.api.enums.v1;

/**
 * Registers Ringmaster's custom search attributes on `namespace` when missing and returns the
 * names it added. Idempotent. Needed even though the dev server takes `--search-attribute`:
 * that flag only applies when its database file is first created.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = SEARCH_ATTRIBUTES.filter((key) => !(key.name in customAttributes));
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((key) => [key.name, IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}`]])),
  });
  return missing.map((key) => key.name);
}
