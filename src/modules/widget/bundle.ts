// The widget's script, bundled from src/widget/ by esbuild when the app starts (in memory,
// some tens of milliseconds): nothing to build by hand, nothing that can go stale.
import { createHash } from 'node:crypto'
import path from 'node:path'
import { build } from 'esbuild'
import { projectRoot } from '../../config.js'

export interface Bundle { code: Buffer; etag: string }

let bundled: Promise<Bundle> | undefined

async function bundle(): Promise<Bundle> {
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
  const code = Buffer.from(result.outputFiles[0]!.contents)
  return { code, etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 22)}"` }
}

/** Built once per process, shared by every app the process builds (tests build many). */
export function widgetBundle(): Promise<Bundle> {
  bundled ??= bundle().catch((error: unknown) => {
    bundled = undefined
    throw error
  })
  return bundled
}
