// Applies one snapshot of France Travail's agency referential: each agency is a lieu of type
// france-travail under the network's one structure. An agency the DILA's directory already
// lists (same-agency.ts) is that lieu: it keeps its id, history, keys and contributions, and this
// source decides its fields from then on; the directory's zone stays its zone. An agency it no
// longer lists is closed, behind the 20 % guard. One transaction, as every snapshot.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { eq, sql } from 'drizzle-orm'
import { type Database, rowsOf } from '../../db/client.js'
import { communes, types } from '../../db/schema.js'
import { type LieuRow, recordOutrankedSourceValues, takeOverLieux, type Tx, upsertLieux, upsertStructures } from '../../modules/sites/lieux-writer.js'
import { importContext, type ImportSummary } from '../common/report.js'
import { closeAbsent, closedAmong, inSnapshotTransaction, openLieux } from '../common/snapshot.js'
import type { ApplyOptions } from '../dila/import-export.js'
import { DILA_SOURCE } from '../dila/import-2017.js'
import type { FtAgency } from './agency-format.js'
import { agencyLieu, agencyName, FRANCE_TRAVAIL_SOURCE, FRANCE_TRAVAIL_TYPE } from './map.js'
import { type AgencyPlace, pairAgencies } from './same-agency.js'

export { FRANCE_TRAVAIL_SOURCE } from './map.js'

export type FranceTravailSummary = ImportSummary & {
  fermes: number
  rouverts: number
  dry_run: boolean
  valeurs_source: number
  /** Agencies by the referential's own `type` (APE…). */
  types_agence: Record<string, number>
  /** France Travail offices of the DILA's directory that no agency matched, still open: left to it. */
  dila_restants: number
}

/** The agencies of a file: the API's JSON array (or `{"agences": [...]}`, as a file kept by hand may be). */
function agenciesOf(file: string): FtAgency[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new Error(`${path.basename(file)} is not valid JSON (${(error as Error).message}): truncated?`)
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { agences?: unknown } | null)?.agences
  if (!Array.isArray(list)) throw new Error(`${path.basename(file)} is not a list of France Travail agencies`)
  return list as FtAgency[]
}

/** The day the snapshot was read: the referential dates none of its records. */
const snapshotDate = (file: string) => {
  const m = /(20\d{2})(\d{2})(\d{2})/.exec(path.basename(file))
  return m ? `${m[1]}-${m[2]}-${m[3]}` : new Date().toISOString().slice(0, 10)
}

export async function importFranceTravail(db: Database, file: string, options: ApplyOptions = {}): Promise<FranceTravailSummary> {
  const agencies = agenciesOf(file)
  const today = snapshotDate(file)
  const [network] = await db.select({ nom: types.nom }).from(types).where(eq(types.code, FRANCE_TRAVAIL_TYPE))
  const names = new Map((await db.select({ code: communes.code_insee, nom: communes.nom }).from(communes)).map((c) => [c.code, c.nom]))
  const context = await importContext(db, FRANCE_TRAVAIL_SOURCE, 0)
  const summary: FranceTravailSummary = Object.assign(context.summary, {
    fermes: 0, rouverts: 0, dry_run: options.dryRun === true, valeurs_source: 0, types_agence: {}, dila_restants: 0
  })
  const ctx = { ...context, dropped: (field: string) => { summary.valeurs_ecartees[field] = (summary.valeurs_ecartees[field] ?? 0) + 1 } }
  const rows = new Map<string, LieuRow>()
  /** Every code the file lists, written or not: its lieu is not closed for a record it could not read. */
  const listed: string[] = []
  for (const agency of agencies) {
    summary.lus++
    const code = typeof agency?.code === 'string' ? agency.code.trim() : ''
    if (!code) {
      context.reject('code manquant')
      continue
    }
    listed.push(code)
    if (rows.has(code)) {
      context.reject('doublon dans la source')
      continue
    }
    const nom = agencyName(agency)
    if (!nom) {
      context.reject('nom manquant')
      continue
    }
    const lieu = agencyLieu({ ...agency, code }, nom, ctx, (c) => names.get(c))
    if (!lieu) continue
    rows.set(code, { ...lieu, id: `france-travail-${code}`.replace(/[^A-Za-z0-9_.:-]/g, '-'), structure: FRANCE_TRAVAIL_TYPE, date_maj: today })
    context.kept(FRANCE_TRAVAIL_TYPE)
    const kind = agency.type?.trim() || '(vide)'
    summary.types_agence[kind] = (summary.types_agence[kind] ?? 0) + 1
  }
  const lieuRows = [...rows.values()]

  await inSnapshotTransaction(db, FRANCE_TRAVAIL_SOURCE, options.dryRun, async (tx) => {
    const openBefore = await openLieux(tx, FRANCE_TRAVAIL_SOURCE)
    summary.repris = await keepIds(tx, lieuRows)
    summary.rouverts = await closedAmong(tx, FRANCE_TRAVAIL_SOURCE, lieuRows.map((r) => r.id))
    // The network's one structure, made if no other source made it (the DILA's is left as it is).
    await upsertStructures(tx, [{ id: FRANCE_TRAVAIL_TYPE, nom: network?.nom ?? 'France Travail', type: FRANCE_TRAVAIL_TYPE, siret: null, site_web: null,
      source: FRANCE_TRAVAIL_SOURCE, date_maj: null }], FRANCE_TRAVAIL_SOURCE)
    summary.valeurs_source = await recordOutrankedSourceValues(tx, lieuRows, FRANCE_TRAVAIL_SOURCE)
    const [{ before }] = rowsOf<{ before: string }>(await tx.execute(sql`SELECT coalesce(max(sequence), 0)::text AS before FROM lieux`)) as [{ before: string }]
    Object.assign(summary, await upsertLieux(tx, lieuRows, FRANCE_TRAVAIL_SOURCE, (done) => options.progress?.('lieux France Travail', done, lieuRows.length)))
    // An agency whose content changed is dated by this snapshot; the others keep the date they had.
    await tx.execute(sql`UPDATE lieux SET date_maj = ${today}::date WHERE source = ${FRANCE_TRAVAIL_SOURCE} AND sequence > ${before}::bigint
      AND id = ANY(${sql.param(lieuRows.map((r) => r.id))}::text[]) AND date_maj IS DISTINCT FROM ${today}::date`)
    summary.fermes = await closeAbsent(tx, FRANCE_TRAVAIL_SOURCE, listed, {
      acceptRemovals: options.acceptRemovals === true, motif: 'absent du référentiel des agences France Travail', label: 'France Travail', openBefore
    })
    summary.dila_restants = rowsOf<{ n: number }>(await tx.execute(sql`SELECT count(*)::int AS n FROM lieux
      WHERE source = ${DILA_SOURCE} AND type = ${FRANCE_TRAVAIL_TYPE} AND statut = 'actif'`))[0]!.n
    await context.saveCorrections(tx)
    await options.onApplied?.(tx, summary as never)
  })
  return summary
}

/**
 * The ids the rows are written under: an agency this source holds keeps its lieu, and the date
 * it had (so that an unchanged agency is not rewritten, nor a structure's fresher edit outranked
 * by the mere reading of the referential); another may be an office of the DILA's directory,
 * which it takes over. Returns how many it took over.
 */
async function keepIds(tx: Tx, rows: LieuRow[]): Promise<number> {
  const owned = new Map(rowsOf<{ id: string; source_id: string; date_maj: string | null }>(await tx.execute(sql`SELECT id, source_id, date_maj::text
    FROM lieux WHERE source = ${FRANCE_TRAVAIL_SOURCE}`)).map((l) => [l.source_id, l]))
  const others: (AgencyPlace & { row: LieuRow })[] = []
  for (const row of rows) {
    const known = owned.get(row.source_id)
    if (known) {
      row.id = known.id
      row.date_maj = known.date_maj ?? row.date_maj
    } else {
      others.push({ id: row.id, nom: row.nom, adresse: row.adresse ?? null, commune: row.commune ?? null, code_insee: row.code_insee ?? null, position: row.position, row })
    }
  }
  if (others.length === 0) return 0
  // Closed offices too: an agency the directory dropped but the referential lists comes back under its id. Open ones first.
  const offices = rowsOf<AgencyPlace & { lon: number; lat: number; ouvert: boolean }>(await tx.execute(sql`SELECT id, nom, adresse, commune, code_insee,
      ST_X(position::geometry)::float8 AS lon, ST_Y(position::geometry)::float8 AS lat, statut = 'actif' AS ouvert
    FROM lieux WHERE source = ${DILA_SOURCE} AND type = ${FRANCE_TRAVAIL_TYPE} ORDER BY statut = 'actif' DESC, id`))
    .map((o) => ({ ...o, position: { lon: o.lon, lat: o.lat } }))
  const paired = pairAgencies(others, offices)
  for (const [agency, office] of paired) agency.row.id = office.id
  await takeOverLieux(tx, [...paired.values()].map((o) => o.id), FRANCE_TRAVAIL_SOURCE)
  return paired.size
}
