// Applies one snapshot of the DILA's current export: every AIO office it lists is added or
// updated (only what changed), every office of this source it no longer lists is closed, and
// the communes each office serves replace its former zone. One transaction: a file that breaks
// halfway, or a snapshot that would close too much, leaves the database as it was.
import { sql } from 'drizzle-orm'
import { type Database, rowsOf } from '../../db/client.js'
import { types } from '../../db/schema.js'
import type { ProgressFn } from '../../lib/progress.js'
import { type LieuRow, recordOutrankedSourceValues, type StructureRow, type Tx, upsertLieux, upsertStructures } from '../../modules/sites/lieux-writer.js'
import { importContext, type ImportSummary } from '../common/report.js'
import { closeAbsent, closedAmong, inSnapshotTransaction, openLieux } from '../common/snapshot.js'
export { MAX_REMOVAL_SHARE, RefreshRefused } from '../common/snapshot.js'
import type { DilaService } from './export-format.js'
import { DILA_SOURCE, SINGLE_ORGANISATION } from './import-2017.js'
import { aioPivot, exportLieu } from './map-export.js'
import { leaveToOtherSources } from './other-sources.js'
import { readDilaExport } from './read-export.js'
import { DILA_AIO_WITHOUT_TYPE, DILA_OTHER_CODES, FRANCE_SERVICES_CODES } from './types.js'

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
  /** Lieux where a structure's own, fresher edit kept its value: the source's is in their history (`valeur-source`). */
  valeurs_source: number
  /** Offices a fresher source has taken over (the Annuaire de l'éducation's CIO, France Travail's agencies): left to it. */
  autre_source: number
  /** Lieux with a competence zone, and the communes listed in all. */
  zones: { lieux: number; communes: number }
  dry_run: boolean
  /** The JSON file read, as its publisher named it. */
  fichier?: string
}

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
    fermes: 0, rouverts: 0, non_aio: 0, autre_source: 0, valeurs_source: 0, types_inconnus: {}, sans_type: {}, france_services_anct: 0, zones: { lieux: 0, communes: 0 },
    dry_run: options.dryRun === true
  })
  const count = (counts: Record<string, number>, key: string) => { counts[key] = (counts[key] ?? 0) + 1 }
  const ctx = { ...context, dropped: (field: string) => count(summary.valeurs_ecartees, field) }

  // Read the whole file before the transaction opens: a truncated export fails here, having written nothing.
  const offices = new Map<string, Office>()
  /** The keys (UUIDs and former codes) of every AIO office the file lists, written or not. */
  const listed = new Set<string>()
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
    // Still listed, even when this record cannot be written (no name, no place): its lieu is not closed for it.
    if (record.id) listed.add(flat(record.id))
    if (record.ancien_code_pivot?.trim()) listed.add(flat(record.ancien_code_pivot.trim()))
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

  await inSnapshotTransaction(db, DILA_SOURCE, options.dryRun, async (tx) => {
    // The share the guard weighs is of the lieux open before this snapshot, not after it added its own.
    const openBefore = await openLieux(tx, DILA_SOURCE)
    await keepFormerIds(tx, offices)
    await leaveToOtherSources(tx, [...offices.values()])
    const mine = [...offices.values()].filter((o) => !o.takenOver)
    summary.autre_source = offices.size - mine.length
    const lieuRows = mine.map((o) => o.lieu)
    const structureRows = new Map(mine.map((o) => [o.structure.id, o.structure]))
    await upsertStructures(tx, [...structureRows.values()], DILA_SOURCE)
    const reopened = await closedAmong(tx, DILA_SOURCE, lieuRows.map((l) => l.id))
    summary.valeurs_source = await recordOutrankedSourceValues(tx, lieuRows, DILA_SOURCE)
    Object.assign(summary, await upsertLieux(tx, lieuRows, DILA_SOURCE, (done) => progress('lieux DILA', done, lieuRows.length)))
    summary.rouverts = reopened
    summary.fermes = await closeAbsent(tx, DILA_SOURCE, [...listed], {
      acceptRemovals: options.acceptRemovals === true, motif: "absent de l'export DILA", label: 'DILA', openBefore
    })
    summary.zones = await replaceZones(tx, offices)
    await context.saveCorrections(tx)
    await options.onApplied?.(tx, summary)
  })
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
  const found = rowsOf<{ id: string; structure: string; source: string; source_id: string }>(await tx.execute(sql`SELECT id, structure, source, source_id FROM lieux
    WHERE (source = ${DILA_SOURCE} AND source_id = ANY(${sql.param(codes)}::text[]))
      OR (source <> ${DILA_SOURCE} AND id = ANY(${sql.param(codes.map((c) => `dila-${c}`))}::text[]))`))
  const byCode = new Map(found.filter((r) => r.source === DILA_SOURCE).map((r) => [r.source_id, r]))
  const takenOver = new Set(found.filter((r) => r.source !== DILA_SOURCE).map((r) => r.id))
  const renames: { ancien: string; uuid: string }[] = []
  for (const office of former) {
    if (takenOver.has(`dila-${office.ancien}`) && !byCode.has(office.ancien!)) {
      office.lieu.id = `dila-${office.ancien}`
      office.takenOver = true
      continue
    }
    const known = byCode.get(office.ancien!)
    // Two records may claim one former key: the first keeps the lieu, the other is new.
    if (!known || taken.has(known.id)) continue
    taken.add(known.id)
    // An office that is its own structure keeps the structure it had.
    if (office.structure.id === `dila-${office.lieu.source_id}`) {
      office.structure.id = known.structure
      office.lieu.structure = known.structure
    }
    office.lieu.id = known.id
    renames.push({ ancien: office.ancien!, uuid: office.lieu.source_id })
  }
  for (let i = 0; i < renames.length; i += 1000) {
    await tx.execute(sql`UPDATE lieux SET source_id = r.uuid
      FROM json_to_recordset(${JSON.stringify(renames.slice(i, i + 1000))}::json) AS r(ancien text, uuid text)
      WHERE lieux.source = ${DILA_SOURCE} AND lieux.source_id = r.ancien`)
  }
}

/**
 * Each listed office's zone replaces the one it had; offices the source lists without a zone
 * lose theirs. The zone is the directory's word on an office, whichever source now decides its
 * other fields: a CIO the Annuaire de l'éducation took over keeps the zone the DILA gives it.
 */
async function replaceZones(tx: Tx, offices: Map<string, Office>): Promise<{ lieux: number; communes: number }> {
  const takenOver = [...offices.values()].filter((o) => o.takenOver).map((o) => o.lieu.id)
  await tx.execute(sql`DELETE FROM lieux_communes z USING lieux l WHERE z.lieu = l.id
    AND (l.source = ${DILA_SOURCE} OR l.id = ANY(${sql.param(takenOver)}::text[]))`)
  const pairs = [...offices.values()].flatMap((o) => o.zone.map((code) => [o.lieu.id, code] as const))
  for (let i = 0; i < pairs.length; i += 5000) {
    const batch = pairs.slice(i, i + 5000)
    // Joined to the lieux: a record that could not be written has no lieu to hold a zone.
    await tx.execute(sql`INSERT INTO lieux_communes (lieu, code_insee)
      SELECT z.lieu, z.code FROM unnest(${sql.param(batch.map((p) => p[0]))}::text[], ${sql.param(batch.map((p) => p[1]))}::text[]) AS z(lieu, code)
      JOIN lieux l ON l.id = z.lieu
      ON CONFLICT DO NOTHING`)
  }
  const [row] = rowsOf<{ lieux: number; communes: number }>(await tx.execute(sql`SELECT count(DISTINCT z.lieu)::int AS lieux, count(*)::int AS communes
    FROM lieux_communes z JOIN lieux l ON l.id = z.lieu WHERE l.source = ${DILA_SOURCE} OR l.id = ANY(${sql.param(takenOver)}::text[])`))
  return row!
}
