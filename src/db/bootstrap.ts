// Brings a database to the state the API serves: migrations, then the reference data.
// Run at every start; each step checks what is already there, so later starts are quick.
import { sql } from 'drizzle-orm'
import type { FastifyBaseLogger } from 'fastify'
import type { ProgressFn } from '../lib/progress.js'
import { seedGlossary } from '../modules/glossary/seed.js'
import { ensureHolidayYears, linkHoraires } from '../modules/opening/horaires.js'
import { loadOfficeSources } from '../modules/sites/sources.js'
import { loadTerritories } from '../modules/territories/load.js'
import type { DatabaseHandle } from './client.js'
import { runMigrations } from './migrate.js'

export interface BootstrapOptions {
  dataDir: string
  log: Pick<FastifyBaseLogger, 'info' | 'warn'>
  progress?: ProgressFn
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

  const territories = await loadTerritories(handle.db, options.dataDir, options.progress)
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
  for (const result of await loadOfficeSources(handle.db, options.dataDir, options.progress)) {
    if (result.status === 'importe') changed = true
    if (result.status === 'absent') log.warn({ source: result.jeu }, 'source absent from the data folder: skipped')
    else if (result.status === 'a-jour') log.info({ source: result.jeu }, 'offices up to date')
    else for (const summary of result.summaries) log.info(summary, 'offices imported')
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
