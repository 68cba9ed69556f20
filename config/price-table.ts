import fs from 'node:fs';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { AGENT_IDS } from '../model/agents.js';
import { DEFAULT_PRICES } from '../model/default-prices.js';
import type { PriceTable } from '../model/model-prices.js';
import { describeSchemaIssues } from '../model/schema-errors.js';
import { ConfigError } from './config-error.js';

const perMillion = Type.Number({ minimum: 0, description: 'USD per million tokens' });

/** RINGMASTER_PRICES_FILE: entries added to (or replacing) the shipped price table. */
export const PriceOverridesSchema = Type.Object(
  {
    models: Type.Optional(
      Type.Record(
        Type.String({ minLength: 1 }),
        Type.Object({ input: perMillion, output: perMillion, cacheRead: Type.Optional(perMillion), cacheWrite: Type.Optional(perMillion) }, { additionalProperties: false }),
      ),
    ),
    defaultModels: Type.Optional(Type.Partial(Type.Object(Object.fromEntries(AGENT_IDS.map((id) => [id, Type.String({ minLength: 1 })]))), { additionalProperties: false })),
  },
  { additionalProperties: false },
);

/**
 * The price table: the shipped one, with the entries of the JSON file RINGMASTER_PRICES_FILE names
 * (`{ "models": { "my-model": { "input": 1, "output": 2 } }, "defaultModels": { "codex": "my-model" } }`)
 * on top. Throws ConfigError naming the file and the field when it cannot be used.
 */
export function loadPriceTable(file: string | undefined): PriceTable {
  if (!file) return DEFAULT_PRICES;
  const source = 'RINGMASTER_PRICES_FILE';
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(source, `cannot read ${file} as JSON: ${(err as Error).message}`);
  }
  if (!Value.Check(PriceOverridesSchema, parsed)) {
    const [first] = describeSchemaIssues([...Value.Errors(PriceOverridesSchema, parsed)], 'file');
    throw new ConfigError(source, `${file}: ${first ? `${first.field} ${first.message}` : 'is not a price table'}`);
  }
  return {
    asOf: DEFAULT_PRICES.asOf,
    models: { ...DEFAULT_PRICES.models, ...parsed.models },
    defaultModels: { ...DEFAULT_PRICES.defaultModels, ...parsed.defaultModels },
  };
}
