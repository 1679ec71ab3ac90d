// npm run positions: the lieux whose source coordinates were not trusted (far from their
// commune, swapped, equal, outside France) and stand at their commune centre instead, as CSV
// on standard output, worst first: the list to send to the data producers.
import { csvLine } from '../lib/csv.js'
import { sitesRepository } from '../modules/sites/repository.js'
import { openConfiguredDatabase } from './open.js'

const COLUMNS = ['lieu', 'nom', 'type', 'commune', 'code_insee', 'source', 'source_id', 'latitude_source', 'longitude_source',
  'distance_commune_m', 'motif'] as const

const { handle } = await openConfiguredDatabase()
try {
  const rows = await sitesRepository(handle).correctedPositions()
  process.stdout.write(csvLine([...COLUMNS]))
  for (const row of rows) process.stdout.write(csvLine(COLUMNS.map((c) => row[c])))
  const counts = new Map<string, number>()
  for (const row of rows) counts.set(row.motif, (counts.get(row.motif) ?? 0) + 1)
  const byMotif = [...counts].map(([motif, n]) => `${motif} ${n}`)
  console.error(`${rows.length} positions corrected (${byMotif.join(', ') || 'none'})`)
} finally {
  await handle.close()
}
