// The widget's script, bundled from src/widget/ by esbuild when the app starts (in memory,
// some tens of milliseconds): nothing to build by hand, nothing that can go stale.
import path from 'node:path'
import { build } from 'esbuild'
import { projectRoot } from '../../config.js'
import { type StaticAsset, staticAsset } from '../../lib/static-asset.js'

let bundled: Promise<StaticAsset> | undefined

async function bundle(): Promise<StaticAsset> {
  const result = await build({
    entryPoints: [path.join(projectRoot, 'src/widget/index.ts')],
    bundle: true,
    format: 'esm',
    minify: true,
    target: ['es2020'],
    write: false,
    legalComments: 'none',
    logLevel: 'silent'
  })
  return staticAsset(Buffer.from(result.outputFiles[0]!.contents), 'text/javascript; charset=utf-8')
}

/** Built once per process, shared by every app the process builds (tests build many). */
export function widgetBundle(): Promise<StaticAsset> {
  bundled ??= bundle().catch((error: unknown) => {
    bundled = undefined
    throw error
  })
  return bundled
}
