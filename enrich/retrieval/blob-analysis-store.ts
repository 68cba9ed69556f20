import fs from 'node:fs/promises';
import path from 'node:path';
import { ANALYSIS_VERSION, parseAnalysis, serializeAnalysis, type BlobAnalysis } from './blob-analysis.js';

/**
 * Per-blob analyses in memory, backed by one small JSON file per blob under a cache folder so a
 * restarted process does not read and parse again. Disk errors only cost a re-analysis: a
 * missing, unreadable or stale file is treated as absent, and a failed write is ignored.
 */
export interface AnalysisStore {
  /** The analysis held in memory, if any. */
  get(key: string): BlobAnalysis | undefined;
  /** The analyses of `keys` found in memory or on disk (those on disk are kept in memory too); absent keys are missing from the map. */
  load(keys: readonly string[]): Promise<Map<string, BlobAnalysis>>;
  /** Keeps an analysis in memory and writes it to disk in the background. */
  put(key: string, analysis: BlobAnalysis): void;
  /** Forgets the in-memory analyses whose keys are not in `live` (disk copies stay). */
  retainOnly(live: ReadonlySet<string>): void;
  /** Resolves when every background write has ended. */
  flush(): Promise<void>;
}

/** How many disk reads or writes run at once. */
const DISK_CONCURRENCY = 32;

/** Runs `work` over `items` with at most `limit` at a time. */
async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * A store for one symbol-reader flavour (`flavour` names it, e.g. `symbols` or `plain`, so
 * analyses made with and without a symbol reader never mix). No disk copy when `cacheDir` is
 * undefined.
 */
export function createAnalysisStore(cacheDir: string | undefined, flavour: string): AnalysisStore {
  const memory = new Map<string, BlobAnalysis>();
  const root = cacheDir === undefined ? undefined : path.join(cacheDir, 'blobs', `v${ANALYSIS_VERSION}-${flavour}`);
  const fileOf = (key: string): string => path.join(root!, key.slice(0, 2), `${key}.json`);
  let writes: string[] = [];
  let writing: Promise<void> = Promise.resolve();

  const writeBatch = async (keys: readonly string[]): Promise<void> => {
    await forEachLimited(keys, DISK_CONCURRENCY, async (key) => {
      const analysis = memory.get(key);
      if (analysis === undefined) return;
      const file = fileOf(key);
      const temporary = `${file}.${process.pid}.tmp`;
      try {
        await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
        await fs.writeFile(temporary, serializeAnalysis(analysis), { mode: 0o600 });
        await fs.rename(temporary, file);
      } catch {
        await fs.rm(temporary, { force: true }).catch(() => undefined);
      }
    });
  };

  return {
    get: (key) => memory.get(key),
    async load(keys) {
      const found = new Map<string, BlobAnalysis>();
      const missing: string[] = [];
      for (const key of keys) {
        const analysis = memory.get(key);
        if (analysis === undefined) missing.push(key);
        else found.set(key, analysis);
      }
      if (root === undefined) return found;
      await forEachLimited(missing, DISK_CONCURRENCY, async (key) => {
        const analysis = await fs.readFile(fileOf(key), 'utf8').then(parseAnalysis, () => undefined);
        if (analysis === undefined) return;
        memory.set(key, analysis);
        found.set(key, analysis);
      });
      return found;
    },
    put(key, analysis) {
      memory.set(key, analysis);
      if (root === undefined) return;
      writes.push(key);
      if (writes.length === 1) {
        // Batch the writes of one build; they run behind the ranking, chained so they never pile up.
        writing = writing.then(async () => {
          await new Promise((resolve) => setImmediate(resolve));
          const batch = writes;
          writes = [];
          await writeBatch(batch);
        });
      }
    },
    retainOnly(live) {
      for (const key of memory.keys()) if (!live.has(key)) memory.delete(key);
    },
    flush: () => writing,
  };
}
