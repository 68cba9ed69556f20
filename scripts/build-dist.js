// The first step of `npm run build`: compiles the product's TypeScript into dist/ with swc, file by
// file. swc only strips types (about 1 s for the tree where `tsc` took 15-28 s), so the checking is
// `npm run typecheck` (part of `npm test`); the sources are written for per-file compilation
// (isolatedModules, verbatimModuleSyntax). What it compiles and where to is tsconfig.build.json's
// `include` and `outDir`, so `tsc -p tsconfig.build.json` writes the same tree.
import { transformFile } from '@swc/core';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const config = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.build.json'), 'utf8'));
const outDir = path.join(root, config.compilerOptions.outDir);

/** Every .ts file (not .d.ts) under the given folders of the root, as paths relative to it. */
function sources(folders) {
  return folders.flatMap((folder) =>
    fs
      .readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
      .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name))),
  );
}

async function compile(file) {
  const outFile = path.join(outDir, file.replace(/\.ts$/, '.js'));
  const { code, map } = await transformFile(path.join(root, file), {
    swcrc: false,
    sourceMaps: true,
    inlineSourcesContent: false,
    sourceFileName: path.relative(path.dirname(outFile), path.join(root, file)),
    jsc: { target: 'es2022', parser: { syntax: 'typescript' }, transform: { useDefineForClassFields: true } },
    module: { type: 'es6' },
  });
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, `${code}\n//# sourceMappingURL=${path.basename(outFile)}.map\n`);
  fs.writeFileSync(`${outFile}.map`, map);
}

const files = sources(config.include);
const failures = (await Promise.allSettled(files.map(compile))).flatMap((result, i) => (result.status === 'rejected' ? [`${files[i]}: ${result.reason}`] : []));
if (failures.length > 0) {
  console.error(`build: ${failures.length} of ${files.length} files did not compile\n${failures.join('\n')}`);
  process.exit(1);
}
