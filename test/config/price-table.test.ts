import { afterAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../config/config-error.js';
import { loadPriceTable } from '../../config/price-table.js';
import { resolveSettings } from '../../config/server-settings.js';
import { DEFAULT_PRICES } from '../../model/default-prices.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';

const dir = makeTempDir('ringmaster-prices-');
afterAll(() => removeDir(dir));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('loadPriceTable', () => {
  it('is the shipped table without a file', () => {
    expect(loadPriceTable(undefined)).toBe(DEFAULT_PRICES);
    expect(resolveSettings({}).prices).toBe(DEFAULT_PRICES);
  });

  it('adds and replaces entries from RINGMASTER_PRICES_FILE', () => {
    const file = write('ok.json', JSON.stringify({ models: { 'gpt-5': { input: 9, output: 9 }, mine: { input: 1, output: 2, cacheRead: 0.5 } }, defaultModels: { codex: 'mine' } }));
    const table = resolveSettings({ RINGMASTER_PRICES_FILE: file }).prices;
    expect(table.models.mine).toEqual({ input: 1, output: 2, cacheRead: 0.5 });
    expect(table.models['gpt-5']).toEqual({ input: 9, output: 9 });
    expect(table.models['gemini-2.5-pro']).toEqual(DEFAULT_PRICES.models['gemini-2.5-pro']);
    expect(table.defaultModels).toEqual({ codex: 'mine', gemini: DEFAULT_PRICES.defaultModels.gemini });
  });

  it('names the variable, the file and the field when the file cannot be used', () => {
    const missing = path.join(dir, 'missing.json');
    expect(() => loadPriceTable(missing)).toThrow(new ConfigError('RINGMASTER_PRICES_FILE', `cannot read ${missing} as JSON: ENOENT: no such file or directory, open '${missing}'`));
    expect(() => loadPriceTable(write('bad.json', '{ "models": '))).toThrow(/RINGMASTER_PRICES_FILE: cannot read .*bad\.json as JSON/);
    const negative = write('negative.json', JSON.stringify({ models: { mine: { input: -1, output: 2 } } }));
    expect(() => loadPriceTable(negative)).toThrow(`RINGMASTER_PRICES_FILE: ${negative}: file.models.mine.input`);
    const unknownAgent = write('agent.json', JSON.stringify({ defaultModels: { cursor: 'x' } }));
    expect(() => loadPriceTable(unknownAgent)).toThrow(`RINGMASTER_PRICES_FILE: ${unknownAgent}: file.defaultModels`);
  });
});
