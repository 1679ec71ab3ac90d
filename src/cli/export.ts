// npm run export -- --dataset lieux --format csv --out FILE [--code_region 32 ...]
// npm run export -- --all --out DIR
//
// One file (a whole dataset, or an extract with the /v1/lieux filters) with a progress bar;
// or the whole package, ready to publish: files named the data.gouv way (AAAAMMJJ-...),
// their Table Schemas and datapackage.json.
import path from 'node:path'
import { parseArgs } from 'node:util'
import { buildApp } from '../app.js'
import { consoleProgress } from '../lib/progress.js'
import { DATASET_NAMES, DATASETS, type DatasetName, type ExportFormat, FORMATS, formatsOf } from '../modules/exports/datasets.js'
import { exportFileQuery } from '../modules/exports/routes.js'
import { resolveExportRequest } from '../modules/exports/service.js'
import { HttpProblem } from '../lib/problem.js'

const USAGE = `usage:
  npm run export -- --dataset <${DATASET_NAMES.join('|')}> --format <${FORMATS.join('|')}> --out FILE [--<filter> VALUE ...]
  npm run export -- --all --out DIR
filters (lieux and structures): the /v1/lieux ones, e.g. --code_region 32 --type cio`

/** A bad argument found once the database is open: reported after closing it. */
class UsageError extends Error {}

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`)
  process.exit(2)
}

const filterNames = Object.keys(exportFileQuery.shape) as string[]
let parsed: ReturnType<typeof parseArgs>
try {
  parsed = parseArgs({
    options: {
      all: { type: 'boolean' },
      dataset: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      ...Object.fromEntries(filterNames.map((name) => [name, { type: 'string' as const }]))
    },
    strict: true
  })
} catch (error) {
  fail((error as Error).message)
}
const { all, dataset, format, out, ...filterArgs } = parsed.values as Record<string, string | boolean | undefined>
if (typeof out !== 'string') fail('--out is required')
if (!all && (typeof dataset !== 'string' || typeof format !== 'string')) fail('give --dataset and --format, or --all')
if (!all && !DATASET_NAMES.includes(dataset as DatasetName)) fail(`--dataset must be one of ${DATASET_NAMES.join(', ')}`)
if (!all && !formatsOf(DATASETS[dataset as DatasetName]).includes(format as ExportFormat)) {
  fail(`--format for ${dataset} must be one of ${formatsOf(DATASETS[dataset as DatasetName]).join(', ')}`)
}

// The app gives the database (opened, migrated, loaded as the API serves it) and the
// glossary the filters resolve against; no port is opened.
const app = await buildApp()
await app.ready()
const progress = consoleProgress()
const started = Date.now()
try {
  if (all) {
    const dir = path.resolve(out)
    const pkg = await app.exports.writePackage(dir, { progress })
    for (const r of pkg.resources) console.log(`${r.path}\t${r.rows} rows\t${r.bytes} bytes\t${r.hash}`)
    console.error(`package written to ${dir} in ${Date.now() - started} ms (datapackage.json, tableschema/)`)
  } else {
    const query = exportFileQuery.safeParse(filterArgs)
    if (!query.success) throw new UsageError(query.error.issues.map((i) => `--${String(i.path[0] ?? '')}: ${i.message}`).join('\n'))
    const request = await resolveExportRequest(app, DATASETS[dataset as DatasetName], format as ExportFormat, query.data)
    const file = path.resolve(out)
    const { rows } = await app.exports.writeFile(request, file, (done, total) => progress(path.basename(file), done, total))
    console.error(`${rows} rows written to ${file} in ${Date.now() - started} ms`)
  }
} catch (error) {
  if (error instanceof HttpProblem || error instanceof UsageError) {
    console.error(`${error.message}\n${USAGE}`)
    process.exitCode = 2
  } else {
    console.error(`export failed: ${(error as Error).message}`)
    process.exitCode = 1
  }
} finally {
  await app.close()
}
