import path from 'node:path';
import { fenceTagOf } from '../symbols/language-of.js';

const BY_NAME: Record<string, string> = { dockerfile: 'dockerfile', makefile: 'makefile', gnumakefile: 'makefile', gemfile: 'ruby', rakefile: 'ruby', justfile: 'just' };

/** The code-fence language tag for a file path (`a/b.ts` → `ts`, `Dockerfile` → `dockerfile`), or '' when unknown. */
export function languageOfPath(filePath: string): string {
  const base = path.posix.basename(filePath.replaceAll('\\', '/')).toLowerCase();
  if (BY_NAME[base]) return BY_NAME[base];
  const dot = base.lastIndexOf('.');
  return dot > 0 ? fenceTagOf(base.slice(dot + 1)) : '';
}
