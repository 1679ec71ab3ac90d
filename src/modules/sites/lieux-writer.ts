// Writes imported rows, shared by every importer: upserts that rewrite a row only when its
// content changed, counting what was inserted, updated and left as it was.
import { sql } from 'drizzle-orm'
import { type Database, rowsOf } from '../../db/client.js'
import { lieux, structures } from '../../db/schema.js'
import { ensureHoraires } from '../opening/horaires.js'

export type LieuRow = typeof lieux.$inferInsert
export type StructureRow = typeof structures.$inferInsert
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0]

export const LIEU_COLUMNS = [
  'structure', 'type', 'type_origine', 'nom', 'adresse', 'complement_adresse', 'code_postal', 'commune', 'code_insee',
  'position', 'precision_position', 'telephone', 'courriel', 'site_web', 'horaires_accueil', 'accessibilite',
  'modes_accueil', 'source', 'source_id', 'date_maj', 'statut'
] as const
const STRUCTURE_COLUMNS = ['nom', 'type', 'siret', 'site_web', 'source', 'date_maj'] as const

/**
 * Precedence over a structure's own edits: the freshest statement of a field wins. A field a
 * structure published (`champs_contribues`: field → date of the edit) keeps its value unless the
 * imported record is dated that day or later; a 2017 directory record never undoes a 2026 edit.
 * Each column is keyed by the field the edit names (the position by `latitude`).
 */
const CONTRIBUTED_AS: Record<string, string> = {
  nom: 'nom', adresse: 'adresse', complement_adresse: 'complement_adresse', code_postal: 'code_postal', commune: 'commune',
  code_insee: 'code_insee', position: 'latitude', precision_position: 'latitude', telephone: 'telephone', courriel: 'courriel',
  site_web: 'site_web', horaires_accueil: 'horaires_accueil', accessibilite: 'accessibilite', modes_accueil: 'modes_accueil',
  // A lieu its structure closed is not reopened by an older record that still lists it.
  statut: 'statut'
}

/** A structure's own fields, published with its key. */
const STRUCTURE_CONTRIBUTED = new Set(['nom', 'siret', 'site_web'])

/** The value an import writes to a column: the record's, or the structure's own where fresher. */
function effective(table: 'lieux' | 'structures', column: string): string {
  const field = table === 'lieux' ? CONTRIBUTED_AS[column] : STRUCTURE_CONTRIBUTED.has(column) ? column : undefined
  if (field) {
    return `CASE WHEN (${table}."champs_contribues"->>'${field}') >= coalesce(excluded."date_maj"::text, '') ` +
      `THEN ${table}."${column}" ELSE excluded."${column}" END`
  }
  // A record older than the structure's edits does not take the row's date back.
  if (column === 'date_maj') {
    return `CASE WHEN ${table}."champs_contribues" = '{}'::jsonb THEN excluded."date_maj" ` +
      `ELSE greatest(${table}."date_maj", excluded."date_maj") END`
  }
  return `excluded."${column}"`
}

const excluded = (table: 'lieux' | 'structures', columns: readonly string[]) => Object.fromEntries(columns.map((c) => [c, sql.raw(effective(table, c))]))

/**
 * The update condition: the content differs, and the row still belongs to this source (a
 * place taken over by a fresher source is not written back by an older one).
 */
function guard(table: 'lieux' | 'structures', columns: readonly string[], source: string) {
  return sql.raw(
    `${table}."source" = '${source.replace(/'/g, "''")}' AND (${columns.map((c) => `${table}."${c}"`).join(', ')}) ` +
      `IS DISTINCT FROM (${columns.map((c) => effective(table, c)).join(', ')})`
  )
}

export async function upsertStructures(tx: Tx, rows: StructureRow[], source: string): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await tx
      .insert(structures)
      .values(rows.slice(i, i + 500))
      .onConflictDoUpdate({ target: structures.id, set: excluded('structures', STRUCTURE_COLUMNS), setWhere: guard('structures', STRUCTURE_COLUMNS, source) })
  }
}

/**
 * A fresher source takes places over from an older one (the same office): they become its own
 * first, so that its guarded upsert applies to them (and counts them as updates), and the older
 * source's doubts about their positions go with them.
 */
export async function takeOverLieux(tx: Tx, ids: string[], source: string): Promise<void> {
  if (ids.length === 0) return
  await tx.execute(sql`UPDATE lieux SET source = ${source} WHERE id = ANY(${sql.param(ids)}::text[]) AND source <> ${source}`)
  await tx.execute(sql`DELETE FROM positions_corrigees WHERE lieu = ANY(${sql.param(ids)}::text[]) AND source <> ${source}`)
}

export interface WriteCounts {
  inseres: number
  mis_a_jour: number
  inchanges: number
}

/**
 * Upserts lieux by id. `source` is the importer's own: rows already owned by it are
 * updated when changed; a row whose id exists but was taken over by another source is
 * left alone.
 */
export async function upsertLieux(
  tx: Tx,
  rows: LieuRow[],
  source: string,
  onBatch: (done: number) => void = () => {}
): Promise<WriteCounts> {
  const counts: WriteCounts = { inseres: 0, mis_a_jour: 0, inchanges: 0 }
  // Each hours value has its row for the open-now filter before the lieux that link to it.
  await ensureHoraires(tx, rows.map((r) => r.horaires_accueil))
  const batch = 500
  for (let i = 0; i < rows.length; i += batch) {
    const written = await tx
      .insert(lieux)
      .values(rows.slice(i, i + batch))
      .onConflictDoUpdate({ target: lieux.id, set: excluded('lieux', LIEU_COLUMNS), setWhere: guard('lieux', LIEU_COLUMNS, source) })
      // xmax is 0 on a freshly inserted row version: tells inserts from updates.
      .returning({ inserted: sql<boolean>`(xmax = 0)` })
    for (const row of written) {
      if (row.inserted) counts.inseres++
      else counts.mis_a_jour++
    }
    onBatch(Math.min(i + batch, rows.length))
  }
  counts.inchanges = rows.length - counts.inseres - counts.mis_a_jour
  return counts
}

/** JSON with its keys sorted: jsonb gives them back in its own order. */
const canonical = (value: unknown): string => JSON.stringify(value, (_key, v: unknown) =>
  v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v)

type Current = Record<string, unknown> & { id: string; champs_contribues: Record<string, string>; date_maj: string | null; lat: number; lon: number }

/**
 * Before an import's upsert: where a structure's own edit outranks the record (it is dated the
 * record's day or later), the value the source now publishes is kept in the lieu's history as a
 * `valeur-source` change (the structure's value before and after it stays), so that neither is
 * lost and an admin can take the source's by reverting it. Returns how many lieux had one.
 */
export async function recordOutrankedSourceValues(tx: Tx, rows: LieuRow[], source: string): Promise<number> {
  const byId = new Map(rows.map((r) => [r.id, r]))
  const current = rowsOf<Current>(await tx.execute(sql`SELECT id, champs_contribues, date_maj::text, nom, adresse, complement_adresse,
      code_postal, commune, code_insee, telephone, courriel, site_web, horaires_accueil, accessibilite, modes_accueil, statut,
      ST_Y(position::geometry)::float8 AS lat, ST_X(position::geometry)::float8 AS lon
    FROM lieux WHERE source = ${source} AND champs_contribues <> '{}'::jsonb AND id = ANY(${sql.param([...byId.keys()])}::text[])`))
  // The source's value already recorded against the same edit (an earlier refresh): not written again each night.
  const last = new Map(rowsOf<{ objet_id: string; avant: unknown; apres: unknown }>(await tx.execute(sql`SELECT DISTINCT ON (objet_id) objet_id, avant, apres
    FROM historique WHERE objet = 'lieu' AND action = 'valeur-source' AND objet_id = ANY(${sql.param(current.map((l) => l.id))}::text[])
    ORDER BY objet_id, id DESC`)).map((h) => [h.objet_id, canonical(h.avant) + canonical(h.apres)]))
  let recorded = 0
  for (const lieu of current) {
    const row = byId.get(lieu.id)!
    const avant: Record<string, unknown> = {}
    const apres: Record<string, unknown> = {}
    for (const [column, field] of Object.entries(CONTRIBUTED_AS)) {
      const editedOn = lieu.champs_contribues[field]
      if (!editedOn || editedOn < (row.date_maj ?? '')) continue
      if (column === 'position') {
        const position = row.position as { lon: number; lat: number }
        if (Math.abs(position.lat - lieu.lat) > 1e-7 || Math.abs(position.lon - lieu.lon) > 1e-7) {
          Object.assign(avant, { latitude: lieu.lat, longitude: lieu.lon })
          Object.assign(apres, { latitude: position.lat, longitude: position.lon })
        }
        continue
      }
      if (column === 'precision_position') continue
      const value = (row as Record<string, unknown>)[column] ?? null
      if (JSON.stringify(value) !== JSON.stringify(lieu[column] ?? null)) {
        avant[column] = lieu[column] ?? null
        apres[column] = value
      }
    }
    if (Object.keys(apres).length === 0) continue
    recorded++
    if (last.get(lieu.id) === canonical(avant) + canonical(apres)) continue
    await tx.execute(sql`INSERT INTO historique (objet, objet_id, action, cle, avant, apres)
      VALUES ('lieu', ${lieu.id}, 'valeur-source', NULL, ${JSON.stringify(avant)}::jsonb, ${JSON.stringify(apres)}::jsonb)`)
  }
  return recorded
}
