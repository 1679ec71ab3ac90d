// The widget's scripts, bundled from src/widget/ by esbuild when the app starts (in memory,
// some tens of milliseconds): nothing to build by hand, nothing that can go stale.
// Entries: aio.js (the web components a portal loads), frame.js (the iframe page),
// configurator.js (/widget), carte.js (the map page /widget/carte); the widget's map (Leaflet) is a chunk loaded only when a map is shown.
import path from 'node:path'
import { type BuildOptions, build } from 'esbuild'
import { projectRoot } from '../../config.js'
import { type StaticAsset, staticAsset } from '../../lib/static-asset.js'

const SOURCE = path.join(projectRoot, 'src/widget')
const OUT = '/widget-out'

export interface WidgetBundle {
  /** Every output by its public file name (aio.js, frame.js, chunk-….js). */
  files: Map<string, StaticAsset>
  /** aio.js and the chunks it imports statically: what a portal's visitor loads for the list. */
  entry: string[]
  /** The chunks loaded for the map only. */
  map: string[]
}

const OPTIONS = {
  bundle: true,
  format: 'esm',
  minify: true,
  target: ['es2022'],
  outdir: OUT,
  chunkNames: '[name]-[hash]',
  loader: { '.css': 'text' },
  write: false,
  metafile: true,
  legalComments: 'none',
  logLevel: 'silent'
} as const satisfies BuildOptions

async function bundle(): Promise<WidgetBundle> {
  const [result, page] = await Promise.all([
    build({
      ...OPTIONS,
      entryPoints: {
        aio: path.join(SOURCE, 'index.ts'),
        frame: path.join(SOURCE, 'frame.ts'),
        configurator: path.join(SOURCE, 'configurator.ts')
      },
      splitting: true
    }),
    // The map page on its own, one file: sharing chunks with aio.js would add a request to
    // every portal's widget for the page's sake.
    build({ ...OPTIONS, entryPoints: { carte: path.join(SOURCE, 'carte.ts') } })
  ])
  const files = new Map([...result.outputFiles, ...page.outputFiles].map((file) => [path.basename(file.path), staticAsset(Buffer.from(file.contents), 'text/javascript; charset=utf-8')]))
  const outputs = result.metafile.outputs
  const name = (output: string) => path.basename(output)
  const key = (file: string) => Object.keys(outputs).find((o) => name(o) === file)!
  const staticImports = (file: string): string[] =>
    [file, ...outputs[key(file)]!.imports.filter((i) => i.kind === 'import-statement').flatMap((i) => staticImports(name(i.path)))]
  const entry = [...new Set(staticImports('aio.js'))]
  const dynamic = entry.flatMap((f) => outputs[key(f)]!.imports.filter((i) => i.kind === 'dynamic-import').map((i) => name(i.path)))
  const map = [...new Set(dynamic.flatMap(staticImports))].filter((f) => !entry.includes(f))
  return { files, entry, map }
}

let bundled: Promise<WidgetBundle> | undefined

/** Built once per process, shared by every app the process builds (tests build many). */
export function widgetBundle(): Promise<WidgetBundle> {
  bundled ??= bundle().catch((error: unknown) => {
    bundled = undefined
    throw error
  })
  return bundled
}
