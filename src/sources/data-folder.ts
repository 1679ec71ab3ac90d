// The office sources the first start loads from the data folder, each with the version of
// its files, so that a later start re-imports only what changed.
import { createHash } from 'node:crypto'
import { statSync } from 'node:fs'
import { filesIn } from '../lib/files.js'
import path from 'node:path'
import { eq, sql } from 'drizzle-orm'
import type { Database } from '../db/client.js'
import { chargements } from '../db/schema.js'
import type { ProgressFn } from '../lib/progress.js'
import { sourceNamed } from '../modules/sources/catalogue.js'
import { DILA_FOLDER, dilaFiles, importDila } from './dila/import-2017.js'
import { importEducation } from './education/import.js'
import { FRANCE_SERVICES_FOLDER, importFranceServices } from './france-services/import.js'
import type { ImportSummary } from './common/report.js'

export interface OfficeSource {
  /** Key in `chargements`. */
  jeu: string
  /** The files of the data folder this source reads. */
  files(dataDir: string): string[]
  import(db: Database, file: string, progress?: ProgressFn): Promise<ImportSummary>
  /** Whether import() takes the folder rather than each file. */
  wholeFolder?: string
}

export const officeSources: OfficeSource[] = [
  {
    jeu: sourceNamed('dila')!.jeu,
    files: (dataDir) => dilaFiles(path.join(dataDir, DILA_FOLDER)),
    import: importDila,
    wholeFolder: DILA_FOLDER
  },
  {
    // After the DILA: its CIO take over the same places from the older directory.
    jeu: sourceNamed('education')!.jeu,
    files: (dataDir) => filesIn(path.join(dataDir, 'annuaire-education'), '.csv'),
    import: importEducation
  },
  {
    // After the DILA: its France services take over the 2017 MSAP of the same places.
    jeu: sourceNamed('france-services')!.jeu,
    files: (dataDir) => filesIn(path.join(dataDir, FRANCE_SERVICES_FOLDER), '.csv'),
    import: importFranceServices
  }
]

/** Bumped when the importers clean rows differently, so that the next start re-imports. */
const IMPORTERS_VERSION = 'v3'

export function filesVersion(files: string[]): string {
  const hash = createHash('sha256').update(IMPORTERS_VERSION)
  for (const file of files) hash.update(`${path.basename(file)}:${statSync(file).size}:${statSync(file).mtimeMs}`)
  return hash.digest('hex').slice(0, 16)
}

/**
 * What a start knows of a source: the version of the files it loaded, and whether it was since
 * refreshed from its publisher (npm run refresh), when the data folder's older copy stays out.
 */
async function loadedState(db: Database, jeu: string): Promise<{ version: string | undefined; refreshed: boolean }> {
  const [row] = await db.select({ version: chargements.version, url: chargements.url }).from(chargements).where(eq(chargements.jeu, jeu))
  return { version: row?.version, refreshed: (row?.url ?? null) !== null }
}

export const refreshedFromPublisher = async (db: Database, jeu: string): Promise<boolean> => (await loadedState(db, jeu)).refreshed

export async function recordLoad(db: Database, jeu: string, version: string, lignes: number): Promise<void> {
  await db
    .insert(chargements)
    .values({ jeu, version, lignes })
    .onConflictDoUpdate({ target: chargements.jeu, set: { version, lignes, date_chargement: sql`now()` } })
}

/**
 * Imports every source whose files changed since the last start, and every source after one
 * that was imported (a later source takes places over from the earlier ones); returns what was done.
 */
export async function loadOfficeSources(
  db: Database,
  dataDir: string,
  progress?: ProgressFn
): Promise<{ jeu: string; status: 'absent' | 'a-jour' | 'importe'; summaries: ImportSummary[] }[]> {
  const results = []
  let earlierImported = false
  for (const source of officeSources) {
    const files = source.files(dataDir)
    if (files.length === 0) {
      results.push({ jeu: source.jeu, status: 'absent' as const, summaries: [] })
      continue
    }
    const loaded = await loadedState(db, source.jeu)
    if (loaded.refreshed) {
      results.push({ jeu: source.jeu, status: 'a-jour' as const, summaries: [] })
      continue
    }
    const version = filesVersion(files)
    if (!earlierImported && loaded.version === version) {
      results.push({ jeu: source.jeu, status: 'a-jour' as const, summaries: [] })
      continue
    }
    const targets = source.wholeFolder ? [path.join(dataDir, source.wholeFolder)] : files
    const summaries: ImportSummary[] = []
    for (const target of targets) summaries.push(await source.import(db, target, progress))
    await recordLoad(db, source.jeu, version, summaries.reduce((n, s) => n + s.inseres + s.mis_a_jour + s.inchanges, 0))
    results.push({ jeu: source.jeu, status: 'importe' as const, summaries })
    earlierImported = true
  }
  return results
}
