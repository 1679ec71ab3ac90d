// Brings a database to the state the API serves: migrations, then the reference data.
// Run at every start; each step checks what is already there, so later starts are quick.
import { sql } from 'drizzle-orm'
import type { FastifyBaseLogger } from 'fastify'
import type { ProgressFn } from './lib/progress.js'
import { seedGlossary } from './modules/glossary/seed.js'
import { ensureHolidayYears, linkHoraires } from './modules/opening/horaires.js'
import { loadOfficeSources, refreshedFromPublisher } from './sources/data-folder.js'
import { centresFile, loadTerritories } from './modules/territories/load.js'
import { fetchCommuneCentres } from './sources/communes/fetch.js'
import { DownloadError } from './sources/download.js'
import { refreshSource } from './sources/refresh.js'
import type { DatabaseHandle } from './db/client.js'
import { runMigrations } from './db/migrate.js'

export interface BootstrapOptions {
  dataDir: string
  /**
   * Where the publishers' files are downloaded when the data folder lacks them (a fresh
   * machine); unset, nothing is fetched (the tests' templates).
   */
  downloadDir?: string
  env?: Record<string, string | undefined>
  log: Pick<FastifyBaseLogger, 'info' | 'warn'>
  progress?: ProgressFn
}

/** Neither a data folder nor the publishers: the API has nothing to serve. Said in one line. */
export class MissingDataError extends Error {
  override name = 'MissingDataError'
}

const PUBLISHERS = 'geo.api.gouv.fr (communes), www.data.gouv.fr (DILA)'

function missingData(dataDir: string, what: string, error: unknown): MissingDataError {
  return new MissingDataError(
    `no open data to serve: AIO_DATA_DIR (${dataDir}) has no ${what}, and the publishers could not be reached ` +
      `(${PUBLISHERS}: ${(error as Error).message}); set AIO_DATA_DIR to a data folder, or give this machine access to them`
  )
}

/** The folder holding commune centres: the data folder's, a copy fetched earlier, or one fetched now. */
async function territoriesFolder(options: BootstrapOptions): Promise<string> {
  if (centresFile(options.dataDir)) return options.dataDir
  if (!options.downloadDir) throw missingData(options.dataDir, 'communes/communes_centres*.csv', new Error('downloads are off'))
  if (centresFile(options.downloadDir)) return options.downloadDir
  options.log.info({ dataDir: options.dataDir }, 'no commune centres in the data folder: fetching them from geo.api.gouv.fr')
  try {
    return await fetchCommuneCentres(options.downloadDir, { env: options.env, progress: options.progress })
  } catch (error) {
    throw missingData(options.dataDir, 'communes/communes_centres*.csv', error)
  }
}

// Any number, the same in every process: one start-up at a time migrates and loads.
const BOOTSTRAP_LOCK = 7_140_001

/**
 * Several API processes started together on one server (a deployment of two or more) take
 * turns: the first migrates and loads, the others wait on a session lock and find it done.
 */
export async function bootstrapDatabase(handle: DatabaseHandle, options: BootstrapOptions): Promise<void> {
  if (!handle.connect) return bootstrapSteps(handle, options)
  // The lock's session is a connection of its own, outside the pool the steps use.
  const session = handle.connect()
  try {
    await session.sql`SELECT pg_advisory_lock(${BOOTSTRAP_LOCK})`
    await bootstrapSteps(handle, options)
  } finally {
    await session.sql.end({ timeout: 5 })
  }
}

async function bootstrapSteps(handle: DatabaseHandle, options: BootstrapOptions): Promise<void> {
  const { log } = options
  const started = Date.now()
  await runMigrations(handle)
  log.info({ ms: Date.now() - started }, 'database migrated')

  const glossary = await seedGlossary(handle.db)
  log.info({ ...glossary.counts, changed: glossary.changed }, glossary.changed ? 'glossary seeded' : 'glossary up to date')

  const territories = await loadTerritories(handle.db, await territoriesFolder(options), options.progress)
  const { withoutCentre, ...counts } = territories
  log.info(counts, territories.changed ? 'territories loaded' : 'territories up to date')
  if (withoutCentre.length > 0) {
    log.warn(
      { count: withoutCentre.length, communes: withoutCentre },
      `${withoutCentre.length} communes have no centre (created after the centres file, with no former commune in it)`
    )
  }

  // The offices: every AIO office of the data folder.
  let changed = glossary.changed || territories.changed
  const loaded = await loadOfficeSources(handle.db, options.dataDir, options.progress)
  for (const result of loaded) {
    if (result.status === 'importe') changed = true
    if (result.status === 'absent') log.warn({ source: result.jeu }, 'source absent from the data folder: skipped')
    else if (result.status === 'a-jour') log.info({ source: result.jeu }, 'offices up to date')
    else for (const summary of result.summaries) log.info(summary, 'offices imported')
  }
  // A fresh machine: no office in the data folder, none loaded before: read the DILA's current export from its publisher.
  if (loaded.every((r) => r.status === 'absent') && !(await refreshedFromPublisher(handle.db, 'dila'))) {
    if (!options.downloadDir) throw missingData(options.dataDir, 'office directory', new Error('downloads are off'))
    log.info('no office directory in the data folder: fetching the DILA export from its publisher')
    try {
      const result = await refreshSource(handle.db, 'dila', { downloadDir: options.downloadDir, env: options.env, progress: options.progress })
      log.info({ fichier: result.fichier, ...result.summary }, 'offices fetched from the DILA')
      changed = true
    } catch (error) {
      // Only a publisher out of reach is "missing data"; a refused snapshot or a database error says itself.
      if (error instanceof DownloadError) throw missingData(options.dataDir, 'office directory', error)
      throw error
    }
  }
  // Open now: this year's public holidays and the next ones; hours written by hand in SQL linked.
  const year = new Date().getUTCFullYear()
  await ensureHolidayYears(handle.db, [year - 1, year, year + 1, year + 2])
  const linked = await linkHoraires(handle.db)
  if (linked > 0) log.info({ lieux: linked }, 'opening hours linked for open now')
  // Statistics for the planner once data was loaded: the embedded engine has no autovacuum, and a
  // server may run without it; joins planned on empty statistics guess their sizes.
  if (changed || linked > 0) {
    await handle.rows(sql`ANALYZE`)
    log.info({ ms: Date.now() - started }, 'statistics gathered')
  }
  log.info({ ms: Date.now() - started }, 'database ready')
}
