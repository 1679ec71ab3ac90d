// A refresh: one source read again from its publisher (or from a file given), applied in one
// transaction, its file's provenance recorded for /v1/sources. The CLI, the API's schedule and
// the first start of a fresh machine all go through here.
import path from 'node:path'
import { eq, sql } from 'drizzle-orm'
import type { Database } from '../db/client.js'
import { chargements } from '../db/schema.js'
import type { ProgressFn } from '../lib/progress.js'
import { missingCredentials, SOURCE_CATALOGUE, type SourceDescription, sourceNamed, sourceUrl, sourceUrlVariable } from '../modules/sources/catalogue.js'
import type { Tx } from '../modules/sites/lieux-writer.js'
import { type ImportSummary, importReport } from './common/report.js'
import { inSnapshotTransaction, type WholeList } from './common/snapshot.js'
import { type ApplyOptions, importDilaExport } from './dila/import-export.js'
import { downloadSource, type Provenance } from './download.js'
import { importEducation } from './education/import.js'
import { importFranceServices } from './france-services/import.js'
import { fetchDataInclusion } from './data-inclusion/fetch.js'
import { importDataInclusion } from './data-inclusion/import.js'
import { FRANCE_TRAVAIL_TOKEN_URL, FRANCE_TRAVAIL_TOKEN_URL_VARIABLE, fetchFranceTravail } from './france-travail/fetch.js'
import { importFranceTravail } from './france-travail/import.js'
import type { DownloadResult } from './download.js'

type Fetcher = (url: string, dir: string, options: RefreshOptions, env: Record<string, string | undefined>) => Promise<DownloadResult>

/**
 * Sources read through an API with a key or credentials rather than as one file; without them
 * (the catalogue's `identifiants`), a refresh stops at once, having asked nothing, and says
 * which to set or to pass a file.
 */
const FETCHERS: Record<string, { fetch: Fetcher; without: string }> = {
  'data-inclusion': {
    without: 'its API key, asked of data·inclusion; or pass --from <file> (NDJSON, or JSON with "items")',
    fetch: (url, dir, options, env) => fetchDataInclusion({ url, token: env.DATA_INCLUSION_TOKEN!.trim(), dir, progress: options.progress })
  },
  'france-travail': {
    without: 'the credentials of an application of francetravail.io subscribed to « Référentiel des agences »; or pass --from <file> (the JSON list of agencies)',
    fetch: (url, dir, options, env) => fetchFranceTravail({
      url, dir, progress: options.progress,
      tokenUrl: env[FRANCE_TRAVAIL_TOKEN_URL_VARIABLE]?.trim() || FRANCE_TRAVAIL_TOKEN_URL,
      credentials: { clientId: env.FRANCE_TRAVAIL_CLIENT_ID!.trim(), clientSecret: env.FRANCE_TRAVAIL_CLIENT_SECRET!.trim() }
    })
  }
}

export interface RefreshOptions {
  /** A URL or a local file instead of the source's address. */
  from?: string
  /** Where downloads are cached, one folder per source. */
  downloadDir: string
  acceptRemovals?: boolean
  dryRun?: boolean
  /** Apply the file even when it is the very one applied last (after a change of the importer). */
  force?: boolean
  progress?: ProgressFn
  env?: Record<string, string | undefined>
}

export type AppliedSummary = ImportSummary & { fichier?: string; dry_run?: boolean; fermes?: number }

export interface RefreshResult {
  source: SourceDescription
  provenance: Provenance
  notModified: boolean
  summary: AppliedSummary
  /** The file is the one applied last (same SHA-256): nothing was read or written. */
  alreadyApplied: boolean
  /** The file's name and date as published. */
  fichier: string
  dateFichier: string | null
}

type Applier = (db: Database, file: string, options: ApplyOptions) => Promise<AppliedSummary>

/**
 * An importer of a whole file (France services, the Annuaire de l'éducation) inside the
 * refresh's transaction: its own transaction becomes a savepoint, and a dry run rolls back.
 * A refused snapshot (the 20 % guard) throws out of it: nothing is written.
 */
function inOneTransaction(name: string, importer: (db: Database, file: string, progress: ProgressFn | undefined, whole: WholeList) => Promise<ImportSummary>): Applier {
  return async (db, file, options) => {
    let summary: AppliedSummary | undefined
    await inSnapshotTransaction(db, name, options.dryRun, async (tx) => {
      // The publisher's file is its whole list: the offices it no longer names are closed.
      const whole = { acceptRemovals: options.acceptRemovals === true }
      summary = { ...(await importer(tx as unknown as Database, file, options.progress, whole)), dry_run: options.dryRun === true }
      await options.onApplied?.(tx, summary as never)
    })
    return summary!
  }
}

const APPLIERS: Record<string, Applier> = {
  dila: importDilaExport,
  'data-inclusion': importDataInclusion,
  'france-travail': importFranceTravail,
  'france-services': inOneTransaction('france-services', importFranceServices),
  education: inOneTransaction('education', importEducation)
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
  const dir = path.join(options.downloadDir, source.nom)
  const fetcher = options.from ? undefined : FETCHERS[name]
  const env = options.env ?? process.env
  const missing = missingCredentials(source, env)
  if (fetcher && missing.length > 0) throw new RefreshError(`${name} needs ${missing.join(' and ')}: ${fetcher.without}`)
  const { file, provenance, notModified } = fetcher
    ? await fetcher.fetch(url, dir, options, env)
    : await downloadSource({ url, dir, step: `${source.nom} (téléchargement)`, progress: options.progress })
  // The publisher's file of last night again (a 304, or the same bytes): nothing to apply.
  const [last] = await db.select({ sha256: chargements.sha256, fichier: chargements.fichier }).from(chargements).where(eq(chargements.jeu, source.jeu))
  if (!options.force && !options.dryRun && last?.sha256 === provenance.sha256) {
    const fichier = last.fichier ?? provenance.fileName
    return { source, provenance, notModified, alreadyApplied: true, summary: emptySummary(source), fichier, dateFichier: fileDate(fichier, provenance) }
  }
  let inner: string | undefined
  const summary = await apply(db, file, {
    acceptRemovals: options.acceptRemovals,
    dryRun: options.dryRun,
    progress: options.progress,
    onFile: (fileName: string) => { inner = fileName },
    onApplied: async (tx, applied) => recordRefresh(tx, source, provenance, applied, inner ?? provenance.fileName)
  })
  const fichier = inner ?? provenance.fileName
  return { source, provenance, notModified, alreadyApplied: false, summary, fichier, dateFichier: fileDate(fichier, provenance) }
}

const emptySummary = (source: SourceDescription): AppliedSummary => ({
  ...importReport(source.source_lieux ?? source.nom, 0).summary, fermes: 0
})

/** A summary's counts, without its breakdowns (by reason, type, field) and its source's name: for a log line or /v1/sources' `comptes`. */
export function countsOf(summary: AppliedSummary): Record<string, unknown> {
  const { source: _source, raisons: _r, par_type: _p, valeurs_ecartees: _v, positions_corrigees: _c, ...counts } = summary
  return counts
}

const fileDate = (fichier: string, provenance: Provenance) =>
  dateInFileName(fichier) ?? (provenance.lastModified ? new Date(provenance.lastModified).toISOString() : null)

/** What /v1/sources says of the source from now on; in the refresh's transaction. */
async function recordRefresh(tx: Tx, source: SourceDescription, provenance: Provenance, summary: AppliedSummary, fichier: string): Promise<void> {
  const { raisons, par_type, valeurs_ecartees, positions_corrigees } = summary
  const counts = countsOf(summary)
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
