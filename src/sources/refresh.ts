// A refresh: one source read again from its publisher (or from a file given), applied in one
// transaction, its file's provenance recorded for /v1/sources. The CLI, the API's schedule and
// the first start of a fresh machine all go through here.
import path from 'node:path'
import { sql } from 'drizzle-orm'
import type { Database } from '../db/client.js'
import { chargements } from '../db/schema.js'
import type { ProgressFn } from '../lib/progress.js'
import { SOURCE_CATALOGUE, type SourceDescription, sourceNamed, sourceUrl, sourceUrlVariable } from '../modules/sources/catalogue.js'
import type { Tx } from '../modules/sites/lieux-writer.js'
import type { ImportSummary } from './common/report.js'
import { type ApplyOptions, importDilaExport } from './dila/import-export.js'
import { downloadSource, type Provenance } from './download.js'
import { importEducation } from './education/import.js'
import { importFranceServices } from './france-services/import.js'

export interface RefreshOptions {
  /** A URL or a local file instead of the source's address. */
  from?: string
  /** Where downloads are cached, one folder per source. */
  downloadDir: string
  acceptRemovals?: boolean
  dryRun?: boolean
  progress?: ProgressFn
  env?: Record<string, string | undefined>
}

export type AppliedSummary = ImportSummary & { fichier?: string; dry_run?: boolean; fermes?: number }

export interface RefreshResult {
  source: SourceDescription
  provenance: Provenance
  notModified: boolean
  summary: AppliedSummary
  /** The file's name and date as published. */
  fichier: string
  dateFichier: string | null
}

type Applier = (db: Database, file: string, options: ApplyOptions) => Promise<AppliedSummary>

/** Thrown inside a transaction to roll a dry run back once it has counted everything. */
class DryRun extends Error {}

/**
 * An importer of a whole file (France services, the Annuaire de l'éducation) inside the
 * refresh's transaction: its own transaction becomes a savepoint, and a dry run rolls back.
 */
function inOneTransaction(importer: (db: Database, file: string, progress?: ProgressFn) => Promise<ImportSummary>): Applier {
  return async (db, file, options) => {
    let summary: AppliedSummary | undefined
    try {
      await db.transaction(async (tx) => {
        summary = { ...(await importer(tx as unknown as Database, file, options.progress)), dry_run: options.dryRun === true }
        await options.onApplied?.(tx, summary as never)
        if (options.dryRun) throw new DryRun()
      })
    } catch (error) {
      if (!(error instanceof DryRun)) throw error
    }
    return summary!
  }
}

const APPLIERS: Record<string, Applier> = {
  dila: importDilaExport,
  'france-services': inOneTransaction(importFranceServices),
  education: inOneTransaction(importEducation)
}

export const refreshableSources = (): SourceDescription[] => SOURCE_CATALOGUE.filter((s) => s.nom in APPLIERS)

export class RefreshError extends Error {
  override name = 'RefreshError'
}

/** The date a publisher wrote in a file's name (`20261202_051502-data.gouv_local.json`, `liste-fs-20240801.csv`). */
export function dateInFileName(name: string): string | null {
  const m = /(20\d{2})(\d{2})(\d{2})(?:[_T-]?(\d{2})(\d{2})(\d{2}))?/.exec(name)
  if (!m) return null
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = m
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}Z`
  return Number.isNaN(Date.parse(iso)) ? null : iso
}

export async function refreshSource(db: Database, name: string, options: RefreshOptions): Promise<RefreshResult> {
  const source = sourceNamed(name)
  const apply = APPLIERS[name]
  if (!source || !apply) {
    throw new RefreshError(`unknown source "${name}": one of ${refreshableSources().map((s) => s.nom).join(', ')}`)
  }
  const url = options.from ?? sourceUrl(source, options.env)
  if (!url) throw new RefreshError(`no address for ${name}: set ${sourceUrlVariable(source)} or pass --from <url|file>`)
  const { file, provenance, notModified } = await downloadSource({
    url, dir: path.join(options.downloadDir, source.nom), step: `${source.nom} (téléchargement)`, progress: options.progress
  })
  let inner: string | undefined
  const summary = await apply(db, file, {
    acceptRemovals: options.acceptRemovals,
    dryRun: options.dryRun,
    progress: options.progress,
    onFile: (fileName: string) => { inner = fileName },
    onApplied: async (tx, applied) => recordRefresh(tx, source, provenance, applied, inner ?? provenance.fileName)
  })
  const fichier = inner ?? provenance.fileName
  return { source, provenance, notModified, summary, fichier, dateFichier: fileDate(fichier, provenance) }
}

const fileDate = (fichier: string, provenance: Provenance) =>
  dateInFileName(fichier) ?? (provenance.lastModified ? new Date(provenance.lastModified).toISOString() : null)

/** What /v1/sources says of the source from now on; in the refresh's transaction. */
async function recordRefresh(tx: Tx, source: SourceDescription, provenance: Provenance, summary: AppliedSummary, fichier: string): Promise<void> {
  const { source: _source, raisons, par_type, valeurs_ecartees, positions_corrigees, ...counts } = summary as AppliedSummary & Record<string, unknown>
  void _source
  const row = {
    version: `refresh:${provenance.sha256.slice(0, 16)}`,
    lignes: summary.inseres + summary.mis_a_jour + summary.inchanges,
    fichier,
    url: provenance.url,
    date_fichier: fileDate(fichier, provenance),
    date_telechargement: provenance.fetchedAt,
    sha256: provenance.sha256,
    comptes: { ...counts, par_type, raisons, valeurs_ecartees, positions_corrigees }
  }
  await tx
    .insert(chargements)
    .values({ jeu: source.jeu, ...row })
    .onConflictDoUpdate({ target: chargements.jeu, set: { ...row, date_chargement: sql`now()` } })
}
