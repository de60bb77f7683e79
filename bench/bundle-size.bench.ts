// Lambda package sizes: builds the five zips as `npm run package` does (into a temporary
// directory, leaving dist/ alone) and reports each zip's bytes against the 5 MB target. The
// seed's Docker-built zips were 52-72 MB.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageLambdas, ZIP_SIZE_TARGET_BYTES } from '../src/entry/aws/package-lambdas.ts';

export async function run(): Promise<Record<string, unknown>> {
  const outDir = mkdtempSync(join(tmpdir(), 'alex-bundle-size-'));
  try {
    const startedMs = performance.now();
    const packages = await packageLambdas({
      rootDir: fileURLToPath(new URL('..', import.meta.url)),
      outDir,
    });
    const buildMs = Math.round(performance.now() - startedMs);
    return {
      target_zip_bytes: ZIP_SIZE_TARGET_BYTES,
      build_ms: buildMs,
      all_under_target: packages.every((item) => item.zipBytes < ZIP_SIZE_TARGET_BYTES),
      zips: Object.fromEntries(
        packages.map((item) => [
          item.agent,
          {
            zip_bytes: item.zipBytes,
            bundle_bytes: item.bundleBytes,
            under_target: item.zipBytes < ZIP_SIZE_TARGET_BYTES,
          },
        ]),
      ),
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
