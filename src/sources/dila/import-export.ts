// Applies one snapshot of the DILA's current export: every AIO office it lists is added or
// updated (only what changed), every office of this source it no longer lists is closed, and
// the communes each office serves replace its former zone. One transaction: a file that breaks
// halfway, or a snapshot that would close too much, leaves the database as it was.
import { sql } from 'drizzle-orm'
import { type Database, rowsOf } from '../../db/client.js'
import { types } from '../../db/schema.js'
import type { ProgressFn } from '../../lib/progress.js'
import { type LieuRow, type StructureRow, type Tx, upsertLieux, upsertStructures } from '../../modules/sites/lieux-writer.js'
import { importContext, type ImportSummary } from '../common/report.js'
import type { DilaService } from './export-format.js'
import { DILA_SOURCE, SINGLE_ORGANISATION } from './import-2017.js'
import { aioPivot, exportLieu } from './map-export.js'
import { readDilaExport } from './read-export.js'
import { DILA_AIO_WITHOUT_TYPE, DILA_OTHER_CODES, FRANCE_SERVICES_CODES } from './types.js'

/** A snapshot that would close more than this share of the source's open lieux is refused. */
export const MAX_REMOVAL_SHARE = 0.2

export interface RefreshSummary extends ImportSummary {
  /** Lieux of this source that the snapshot no longer lists: closed. */
  fermes: number
  /** Lieux it lists again after they had been closed. */
  rouverts: number
  /** Offices of the file that are not AIO, by code (mairies…), and the codes no list knows. */
  non_aio: number
  types_inconnus: Record<string, number>
  /** AIO offices the glossary has no type for yet, by code. */
  sans_type: Record<string, number>
  /** The directory's France services, read from ANCT's list instead. */
  france_services_anct: number
  /** Offices a fresher source has taken over (the Annuaire de l'éducation's CIO): left to it. */
  autre_source: number
  /** Lieux with a competence zone, and the communes listed in all. */
  zones: { lieux: number; communes: number }
  dry_run: boolean
  /** The JSON file read, as its publisher named it. */
  fichier?: string
}

export class RefreshRefused extends Error {
  override name = 'RefreshRefused'
}

/** Thrown inside the transaction to roll a dry run back once it has counted everything. */
class DryRun extends Error {}

export interface ApplyOptions {
  acceptRemovals?: boolean
  dryRun?: boolean
  progress?: ProgressFn
  /** Told the name of the file read (the JSON inside an archive), for the source's provenance. */
  onFile?: (name: string) => void
  /** Called inside the transaction, before it commits: records the file's provenance. */
  onApplied?: (tx: Tx, summary: RefreshSummary) => Promise<void>
}

interface Office {
  lieu: LieuRow
  structure: StructureRow
  ancien: string | null
  zone: string[]
  /** The office is another source's now: counted, not written. */
  takenOver?: boolean
}

/** A deep copy in fresh strings (see the reading loop). */
const flat = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

export async function importDilaExport(db: Database, file: string, options: ApplyOptions = {}): Promise<RefreshSummary> {
  const progress = options.progress ?? (() => {})
  const glossary = await db.select({ code: types.code, nom: types.nom, statut: types.statut }).from(types)
  const active = new Set(glossary.filter((t) => t.statut === 'actif').map((t) => t.code))
  const typeNames = new Map(glossary.map((t) => [t.code, t.nom]))
  const context = await importContext(db, DILA_SOURCE, 0)
  const { summary: base, reject, kept } = context
  // The context's report, grown: its own counters (positions, rejections) go on counting into it.
  const summary: RefreshSummary = Object.assign(base, {
    fermes: 0, rouverts: 0, non_aio: 0, autre_source: 0, types_inconnus: {}, sans_type: {}, france_services_anct: 0, zones: { lieux: 0, communes: 0 },
    dry_run: options.dryRun === true
  })
  const count = (counts: Record<string, number>, key: string) => { counts[key] = (counts[key] ?? 0) + 1 }
  const ctx = { ...context, dropped: (field: string) => count(summary.valeurs_ecartees, field) }

  // Read the whole file before the transaction opens: a truncated export fails here, having written nothing.
  const offices = new Map<string, Office>()
  for await (const record of readDilaExport(file, {
    onProgress: (done: number, total: number) => progress('export DILA', done, total),
    onFile: (name: string) => { summary.fichier = name; options.onFile?.(name) }
  })) {
    summary.lus++
    const pivot = aioPivot(record)
    if (!pivot) {
      summary.non_aio++
      for (const p of record.pivot ?? []) {
        const code = p.type_service_local ?? ''
        if (DILA_AIO_WITHOUT_TYPE.has(code)) count(summary.sans_type, code)
        else if (!DILA_OTHER_CODES.has(code)) count(summary.types_inconnus, code || '(vide)')
      }
      continue
    }
    if (FRANCE_SERVICES_CODES.has(pivot.code)) {
      summary.france_services_anct++
      continue
    }
    if (!record.id || !record.nom?.trim()) {
      reject('identifiant ou nom manquant')
      continue
    }
    if (offices.has(record.id)) {
      reject('doublon dans la source')
      continue
    }
    if (!active.has(pivot.type)) {
      count(summary.sans_type, pivot.code)
      continue
    }
    const lieu = exportLieu(record as DilaService & { id: string }, pivot.type, ctx)
    if (!lieu) continue
    const single = SINGLE_ORGANISATION.has(pivot.type)
    const structureId = single ? pivot.type : `dila-${record.id}`
    // A copy of the few fields kept: the parser's strings are slices of its input chunks, and
    // each one kept would keep its whole chunk alive (hundreds of MB over a whole export).
    offices.set(flat(record.id), flat({
      lieu: { ...lieu, id: `dila-${record.id}`, structure: structureId },
      structure: {
        id: structureId, nom: single ? typeNames.get(pivot.type)! : lieu.nom, type: pivot.type, siret: single ? null : (record.siret?.trim() || null),
        site_web: single ? null : lieu.site_web, source: DILA_SOURCE, date_maj: lieu.date_maj
      },
      ancien: record.ancien_code_pivot?.trim() || null,
      zone: [...new Set(pivot.communes.map((c) => ctx.communeCode(c)).filter((c): c is string => c !== null))]
    }))
    kept(pivot.type)
  }
  summary.ignores = summary.non_aio + summary.france_services_anct

  try {
    await db.transaction(async (tx) => {
      await keepFormerIds(tx, offices)
      const mine = [...offices.values()].filter((o) => !o.takenOver)
      summary.autre_source = offices.size - mine.length
      const lieuRows = mine.map((o) => o.lieu)
      const structureRows = new Map(mine.map((o) => [o.structure.id, o.structure]))
      await upsertStructures(tx, [...structureRows.values()], DILA_SOURCE)
      const reopened = rowsOf<{ n: number }>(await tx.execute(sql`SELECT count(*)::int AS n FROM lieux
        WHERE source = ${DILA_SOURCE} AND statut = 'ferme' AND id = ANY(${sql.param(lieuRows.map((l) => l.id))}::text[])`))[0]!.n
      Object.assign(summary, await upsertLieux(tx, lieuRows, DILA_SOURCE, (done) => progress('lieux DILA', done, lieuRows.length)))
      summary.rouverts = reopened
      summary.fermes = await closeAbsent(tx, lieuRows.map((l) => l.source_id), options.acceptRemovals === true)
      summary.zones = await replaceZones(tx, offices)
      await context.saveCorrections(tx)
      await options.onApplied?.(tx, summary)
      if (options.dryRun) throw new DryRun()
    })
  } catch (error) {
    if (!(error instanceof DryRun)) throw error
  }
  return summary
}

/**
 * A record whose former key (`ancien_code_pivot`, the 2017 files' ids) names a lieu already
 * loaded is that lieu: it keeps its id, its history, keys and contributions, and is found by
 * the record's UUID from now on.
 */
async function keepFormerIds(tx: Tx, offices: Map<string, Office>): Promise<void> {
  const all = [...offices.values()]
  // Lieux already keyed by a record's UUID (an earlier refresh) keep their id, whatever it is.
  const keyed = rowsOf<{ id: string; structure: string; source_id: string }>(await tx.execute(sql`SELECT id, structure, source_id FROM lieux
    WHERE source = ${DILA_SOURCE} AND source_id = ANY(${sql.param(all.map((o) => o.lieu.source_id))}::text[])`))
  const byUuid = new Map(keyed.map((r) => [r.source_id, r]))
  const taken = new Set<string>()
  for (const office of all) {
    const known = byUuid.get(office.lieu.source_id)
    if (!known) continue
    taken.add(known.id)
    if (office.structure.id === `dila-${office.lieu.source_id}`) {
      office.structure.id = known.structure
      office.lieu.structure = known.structure
    }
    office.lieu.id = known.id
  }
  const former = all.filter((o) => o.ancien !== null && !byUuid.has(o.lieu.source_id))
  if (former.length === 0) return
  const codes = former.map((o) => o.ancien!)
  // Still this source's (found by its former key), or since taken over by a fresher source of
  // the same office (the Annuaire de l'éducation's CIO keep the 2017 id): that one is left to its
  // source, and not written again as a second lieu.
  const found = rowsOf<{ id: string; source: string; source_id: string }>(await tx.execute(sql`SELECT id, source, source_id FROM lieux
    WHERE (source = ${DILA_SOURCE} AND source_id = ANY(${sql.param(codes)}::text[]))
      OR (source <> ${DILA_SOURCE} AND id = ANY(${sql.param(codes.map((c) => `dila-${c}`))}::text[]))`))
  const byCode = new Map(found.filter((r) => r.source === DILA_SOURCE).map((r) => [r.source_id, r.id]))
  const takenOver = new Set(found.filter((r) => r.source !== DILA_SOURCE).map((r) => r.id))
  const renames: { ancien: string; uuid: string }[] = []
  for (const office of former) {
    if (takenOver.has(`dila-${office.ancien}`) && !byCode.has(office.ancien!)) {
      office.lieu.id = `dila-${office.ancien}`
      office.takenOver = true
      continue
    }
    const id = byCode.get(office.ancien!)
    // Two records may claim one former key: the first keeps the lieu, the other is new.
    if (!id || taken.has(id)) continue
    taken.add(id)
    if (office.structure.id === `dila-${office.lieu.source_id}`) {
      // An office that is its own structure keeps the structure it had (the 2017 import's id).
      const structureId = `dila-${office.ancien}`
      office.structure.id = structureId
      office.lieu.structure = structureId
    }
    office.lieu.id = id
    renames.push({ ancien: office.ancien!, uuid: office.lieu.source_id })
  }
  for (let i = 0; i < renames.length; i += 1000) {
    await tx.execute(sql`UPDATE lieux SET source_id = r.uuid
      FROM json_to_recordset(${JSON.stringify(renames.slice(i, i + 1000))}::json) AS r(ancien text, uuid text)
      WHERE lieux.source = ${DILA_SOURCE} AND lieux.source_id = r.ancien`)
  }
}

/**
 * Closes this source's open lieux that the snapshot does not list: they leave searches,
 * orientation and exports, stay at their address with statut `ferme`, and the feed and their
 * history say so. A snapshot closing more than MAX_REMOVAL_SHARE of them is refused: a
 * publisher's broken file must not empty the directory.
 */
async function closeAbsent(tx: Tx, listed: string[], acceptRemovals: boolean): Promise<number> {
  const absent = rowsOf<{ id: string }>(await tx.execute(sql`SELECT id FROM lieux
    WHERE source = ${DILA_SOURCE} AND statut = 'actif' AND NOT (source_id = ANY(${sql.param(listed)}::text[]))`))
  if (absent.length === 0) return 0
  const [open] = rowsOf<{ n: number }>(await tx.execute(sql`SELECT count(*)::int AS n FROM lieux WHERE source = ${DILA_SOURCE} AND statut = 'actif'`))
  const share = absent.length / Math.max(1, open!.n)
  if (share > MAX_REMOVAL_SHARE && !acceptRemovals) {
    throw new RefreshRefused(
      `this snapshot would close ${absent.length} of ${open!.n} open DILA lieux (${Math.round(share * 100)} %, more than ` +
        `${MAX_REMOVAL_SHARE * 100} %): refused; check the file, or pass --accept-removals`
    )
  }
  const ids = absent.map((r) => r.id)
  await tx.execute(sql`UPDATE lieux SET statut = 'ferme' WHERE id = ANY(${sql.param(ids)}::text[])`)
  await tx.execute(sql`INSERT INTO historique (objet, objet_id, action, cle, avant, apres)
    SELECT 'lieu', id, 'fermeture', NULL, '{"statut":"actif"}'::jsonb, '{"statut":"ferme","motif":"absent de l''export DILA"}'::jsonb
    FROM unnest(${sql.param(ids)}::text[]) AS id`)
  return ids.length
}

/** Each listed office's zone replaces the one it had; offices the source lists without a zone lose theirs. */
async function replaceZones(tx: Tx, offices: Map<string, Office>): Promise<{ lieux: number; communes: number }> {
  await tx.execute(sql`DELETE FROM lieux_communes z USING lieux l WHERE z.lieu = l.id AND l.source = ${DILA_SOURCE}`)
  const pairs = [...offices.values()].flatMap((o) => o.zone.map((code) => [o.lieu.id, code] as const))
  for (let i = 0; i < pairs.length; i += 5000) {
    const batch = pairs.slice(i, i + 5000)
    // Only lieux this source still owns (one taken over by another source keeps that source's zone).
    await tx.execute(sql`INSERT INTO lieux_communes (lieu, code_insee)
      SELECT z.lieu, z.code FROM unnest(${sql.param(batch.map((p) => p[0]))}::text[], ${sql.param(batch.map((p) => p[1]))}::text[]) AS z(lieu, code)
      JOIN lieux l ON l.id = z.lieu AND l.source = ${DILA_SOURCE}
      ON CONFLICT DO NOTHING`)
  }
  const [row] = rowsOf<{ lieux: number; communes: number }>(await tx.execute(sql`SELECT count(DISTINCT z.lieu)::int AS lieux, count(*)::int AS communes
    FROM lieux_communes z JOIN lieux l ON l.id = z.lieu WHERE l.source = ${DILA_SOURCE}`))
  return row!
}
