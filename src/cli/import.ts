// npm run import -- <format> <file-or-folder>
// Formats: dila (the DILA local-office directory, a folder of GeoJSON files),
// education (an Annuaire de l'éducation CSV: its CIO), france-services (the ANCT list of France
// services, CSV), package (a package of this API's exports,
// `npm run export -- --all`: its structures and lieux).
import path from 'node:path'
import { consoleProgress } from '../lib/progress.js'
import { importDila } from '../sources/dila/import-2017.js'
import { importEducation } from '../sources/education/import.js'
import { importFranceServices } from '../sources/france-services/import.js'
import { importPackage } from '../sources/package/import.js'
import { openConfiguredDatabase } from './open.js'

const IMPORTERS = { dila: importDila, education: importEducation, 'france-services': importFranceServices, package: importPackage } as const
const [format, target] = process.argv.slice(2)
if (!format || !target || !(format in IMPORTERS)) {
  console.error(`usage: npm run import -- <${Object.keys(IMPORTERS).join('|')}> <file-or-folder>`)
  process.exit(2)
}
const { handle } = await openConfiguredDatabase()
try {
  const started = Date.now()
  const summary = await IMPORTERS[format as keyof typeof IMPORTERS](handle.db, path.resolve(target), consoleProgress())
  console.log(JSON.stringify(summary, null, 2))
  console.error(`import done in ${Date.now() - started} ms`)
} catch (error) {
  console.error(`import failed, nothing was changed: ${(error as Error).message}`)
  process.exitCode = 1
} finally {
  await handle.close()
}
