// Bundles a benchmark page script (TypeScript, the repo's aliases) into one IIFE string to
// inject with addScriptTag or evaluate in the extension's worker.
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT } from '../scripts/browser';

export async function bundlePage(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [path.join(ROOT, entry)],
    bundle: true,
    format: 'iife',
    write: false,
    minify: true,
    target: 'chrome120',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
  });
  return out.outputFiles[0]?.text ?? '';
}
