import { LRUCache } from 'lru-cache';
import type { ChangeVersion } from '../../store/change-version.js';

/**
 * Pages of a list as they were sent, kept while the database has not changed since (changeVersion):
 * dashboards and scripts ask for the same page again and again, and reading and serialising 50
 * tasks costs most of such a request. The first request after any write builds the page again.
 */
export function createPageCache(changeVersion: ChangeVersion, max = 64) {
  const pages = new LRUCache<string, { version: string; body: string }>({ max });
  return {
    /** The serialised page `key`, from `build` unless it was built since the last change. */
    page(key: string, build: () => string): string {
      // Read before the page: a write in between makes the page newer than its version, never older.
      const version = changeVersion();
      const kept = pages.get(key);
      if (kept?.version === version) return kept.body;
      const body = build();
      pages.set(key, { version, body });
      return body;
    },
  };
}
