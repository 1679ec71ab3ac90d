// Importer of the ANCT list of France services (CSV, 2024): the successors of the MSAP. Hours
// per weekday become OSM opening_hours, an appointment-only place and a bus or itinerant
// service are flagged in modes_accueil, antennas share the structure of their main site. A
// France services that the 2017 DILA directory also lists (same commune and close by, or a
// similar name) is the same lieu: this fresher source takes it over, keeping its id. MSAP of
// 2017 left unmatched are kept but flagged `a_confirmer`, and orientation ranks them last.
import { readFileSync } from 'node:fs'
import { and, eq, sql } from 'drizzle-orm'
import { type Database, rowsOf } from '../../db/client.js'
import type { LonLat } from '../../db/geography.js'
import { lieux } from '../../db/schema.js'
import { readSourceCsv } from '../../lib/csv.js'
import type { ProgressFn } from '../../lib/progress.js'
import { DILA_SOURCE } from '../dila/import-2017.js'
import { validOpeningHours } from '../../modules/opening/validate.js'
import { type ImportSummary, importContext } from '../common/report.js'
import { closeAbsent, closedAmong, openLieux, type WholeList } from '../common/snapshot.js'
import { type LieuRow, type StructureRow, takeOverLieux, upsertLieux, upsertStructures } from '../../modules/sites/lieux-writer.js'
import { normalizeEmail, normalizePhone } from '../../modules/sites/normalize.js'
import { metresBetween } from '../../modules/sites/positions.js'

export const FRANCE_SERVICES_SOURCE = 'anct-france-services'
export const FRANCE_SERVICES_FOLDER = 'france-services'
const TYPE = 'france-services'
const REQUIRED_COLUMNS = ['id_fs', 'lib_fs', 'insee_com', 'latitude', 'longitude', 'type_fs', 'format_fs', 'prise_rdv']
const DAYS = [['h_lundi', 'Mo'], ['h_mardi', 'Tu'], ['h_mercredi', 'We'], ['h_jeudi', 'Th'], ['h_vendredi', 'Fr'], ['h_samedi', 'Sa']] as const
/** The list's own date (its file name): every row is as of then. */
const DATE_FROM_NAME = /(\d{4})(\d{2})(\d{2})/

/**
 * The weekday columns ("09:00 - 12:00 / 13:30 - 17:00") as OSM opening_hours, days with the
 * same hours grouped ("Mo-Th 09:00-12:00,13:30-17:00; Fr 09:00-12:00"); an appointment-only
 * place says so in the syntax's comment. Null when no day has hours; undefined when a value
 * cannot be read (the caller drops it and counts it).
 */
export function franceServicesHours(row: Record<string, string>, onAppointment: boolean): string | null | undefined {
  const days: { day: string; spans: string }[] = []
  for (const [column, day] of DAYS) {
    const value = row[column]?.trim() ?? ''
    if (value === '') continue
    // "00:00 - 00:00" stands for a closed half-day in this file.
    const spans = value.split('/').filter((span) => !/^\s*00:00\s*-\s*00:00\s*$/.test(span)).map((span) => {
      const m = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/.exec(span.trim())
      if (!m) return null
      const [from, to] = [`${m[1]!.padStart(2, '0')}:${m[2]}`, `${m[3]!.padStart(2, '0')}:${m[4]}`]
      return from < to && to <= '24:00' ? `${from}-${to}` : null
    })
    if (spans.some((s) => s === null)) return undefined
    if (spans.length === 0) continue
    days.push({ day, spans: spans.join(',') })
  }
  if (days.length === 0) return null
  const order = DAYS.map(([, d]) => d as string)
  const rules: string[] = []
  for (let i = 0; i < days.length; ) {
    let j = i
    while (j + 1 < days.length && days[j + 1]!.spans === days[i]!.spans && order.indexOf(days[j + 1]!.day) === order.indexOf(days[j]!.day) + 1) j++
    const range = i === j ? days[i]!.day : `${days[i]!.day}${j === i + 1 ? ',' : '-'}${days[j]!.day}`
    rules.push(`${range} ${days[i]!.spans}${onAppointment ? ' "sur rendez-vous"' : ''}`)
    i = j + 1
  }
  return rules.join('; ')
}

const GENERIC = new Set(['maison', 'de', 'des', 'du', 'services', 'service', 'au', 'public', 'france', 'msap', 'bureau', 'poste', 'la', 'le',
  'les', 'l', 'd', 'et', 'en', 'antenne', 'relais', 'point', 'espace', 'bus', 'itinerant', 'itinerante', 'fs', 'rsp'])

/** The words of a name that tell one place from another ("Maison de services au public - Guise" → guise). */
function distinctiveWords(name: string): Set<string> {
  const words = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split(/[^a-z0-9]+/)
  return new Set(words.filter((w) => w.length > 1 && !GENERIC.has(w)))
}

export function nameSimilarity(a: string, b: string): number {
  const [x, y] = [distinctiveWords(a), distinctiveWords(b)]
  if (x.size === 0 || y.size === 0) return 0
  const shared = [...x].filter((w) => y.has(w)).length
  return shared / Math.min(x.size, y.size)
}

interface OldLieu { id: string; nom: string; code_insee: string | null; position: LonLat }

/** The 2017 lieu a France services is: same commune and within 2 km, or a similar name within 10 km. */
function sameLieu(fs: { nom: string; code_insee: string | null; position: LonLat }, old: OldLieu): number | null {
  const d = metresBetween(fs.position, old.position)
  const similar = nameSimilarity(fs.nom, old.nom)
  const sameCommune = fs.code_insee !== null && fs.code_insee === old.code_insee
  if ((sameCommune && (d <= 2000 || (similar >= 0.5 && d <= 10_000))) || (similar >= 0.5 && d <= 1000)) return similar * 10_000 - d
  return null
}

/** `whole`: the file is ANCT's current list (a refresh): the France services it no longer names are closed, behind the guard. */
export async function importFranceServices(
  db: Database, file: string, progress: ProgressFn = () => {}, whole?: WholeList
): Promise<ImportSummary & { fermes: number; rouverts: number }> {
  const records = readSourceCsv(readFileSync(file, 'utf8'), { delimiter: ',', required: REQUIRED_COLUMNS, what: 'an ANCT France services list' })
  const dated = DATE_FROM_NAME.exec(file.split('/').pop() ?? '')
  const dateMaj = dated ? `${dated[1]}-${dated[2]}-${dated[3]}` : null
  const context = await importContext(db, FRANCE_SERVICES_SOURCE, records.length)
  const { reject, clean } = context
  const summary = Object.assign(context.summary, { fermes: 0, rouverts: 0 })
  /** Every id the list names, written or not: its lieu is not closed for a row that could not be read. */
  const listed = new Set<string>()

  // Main sites by group, for antennas to share their structure.
  const mainOfGroup = new Map<string, string>()
  for (const r of records) if (r.type_fs === 'Principal' && r.groupe_fs?.trim()) mainOfGroup.set(`${r.insee_dep}:${r.groupe_fs.trim()}`, r.id_fs!)

  const rows: { lieu: LieuRow; structure: StructureRow }[] = []
  const seen = new Set<string>()
  for (const r of records) {
    const id = r.id_fs?.trim()
    const nom = r.lib_fs?.trim()
    if (id) listed.add(id)
    if (!id || !nom) {
      reject('identifiant ou nom manquant')
      continue
    }
    if (seen.has(id)) {
      reject('doublon dans la source')
      continue
    }
    seen.add(id)
    const codeInsee = context.communeCode(r.insee_com)
    const placed = context.place([[Number(r.longitude), Number(r.latitude)]], codeInsee, id)
    if (!placed) continue
    const onAppointment = r.prise_rdv === 'Oui'
    // Built from the weekday columns, then checked by the reference parser.
    const built = franceServicesHours(r, onAppointment)
    const hours = built ? (validOpeningHours(built) ?? undefined) : built
    if (hours === undefined) summary.valeurs_ecartees.horaires_accueil = (summary.valeurs_ecartees.horaires_accueil ?? 0) + 1
    const modes = ['en-presentiel']
    if (/^(Bus|Itin)/.test(r.format_fs ?? '')) modes.push('itinerant')
    if (onAppointment) modes.push('sur-rendez-vous')
    const main = r.type_fs === 'Antenne' ? mainOfGroup.get(`${r.insee_dep}:${r.groupe_fs?.trim()}`) : undefined
    const structureId = `anct-fs-${main ?? id}`
    rows.push({
      structure: { id: structureId, nom, type: TYPE, siret: null, site_web: null, source: FRANCE_SERVICES_SOURCE, date_maj: dateMaj },
      lieu: {
        id: `anct-fs-${id}`,
        structure: structureId,
        type: TYPE,
        type_origine: null,
        nom,
        adresse: r.adresse?.trim() || null,
        complement_adresse: r.complement_adresse?.trim() || null,
        code_postal: /^\d{5}$/.test(r.code_postal ?? '') ? r.code_postal! : null,
        commune: r.lib_com?.trim() || null,
        code_insee: codeInsee,
        position: placed.position,
        precision_position: placed.precision,
        telephone: clean('telephone', r.telephone, (v) => normalizePhone(v, codeInsee)),
        courriel: clean('courriel', r.mail, normalizeEmail),
        site_web: null,
        horaires_accueil: hours ?? null,
        accessibilite: null,
        modes_accueil: modes,
        source: FRANCE_SERVICES_SOURCE,
        source_id: id,
        date_maj: dateMaj,
        statut: 'actif',
        a_confirmer: false
      }
    })
    context.kept(TYPE)
  }
  // A structure is named after its main site, which is listed before or after its antennas.
  const structures = new Map<string, StructureRow>()
  for (const { structure, lieu } of rows) if (!structures.has(structure.id) || lieu.id === structure.id) structures.set(structure.id, structure)

  await db.transaction(async (tx) => {
    const openBefore = await openLieux(tx, FRANCE_SERVICES_SOURCE)
    // Places this source already holds keep their id; the others may be a 2017 MSAP.
    const owned = new Map(
      (await tx.select({ id: lieux.id, source_id: lieux.source_id }).from(lieux).where(eq(lieux.source, FRANCE_SERVICES_SOURCE)))
        .map((l) => [l.source_id, l.id])
    )
    const old = await tx.execute(sql`SELECT id, nom, code_insee, ST_X(position::geometry)::float8 AS lon, ST_Y(position::geometry)::float8 AS lat
      FROM lieux WHERE source = ${DILA_SOURCE} AND type = ${TYPE}`)
    const oldLieux: OldLieu[] = rowsOf<{ id: string; nom: string; code_insee: string | null; lon: number; lat: number }>(old)
      .map((o) => ({ id: o.id, nom: o.nom, code_insee: o.code_insee, position: { lon: o.lon, lat: o.lat } }))
    const byCommune = new Map<string, OldLieu[]>()
    for (const o of oldLieux) byCommune.set(o.code_insee ?? '', [...(byCommune.get(o.code_insee ?? '') ?? []), o])
    // Best pairs first, each old lieu taken once.
    const pairs: { row: (typeof rows)[number]; old: OldLieu; score: number }[] = []
    for (const row of rows) {
      const existing = owned.get(row.lieu.source_id)
      if (existing) {
        row.lieu.id = existing
        continue
      }
      const near = [...(byCommune.get(row.lieu.code_insee ?? '') ?? []), ...oldLieux.filter((o) => o.code_insee !== row.lieu.code_insee)
        .filter((o) => Math.abs(o.position.lat - row.lieu.position.lat) < 0.01 && Math.abs(o.position.lon - row.lieu.position.lon) < 0.015)]
      for (const o of near) {
        const score = sameLieu({ nom: row.lieu.nom, code_insee: row.lieu.code_insee ?? null, position: row.lieu.position }, o)
        if (score !== null) pairs.push({ row, old: o, score })
      }
    }
    pairs.sort((a, b) => b.score - a.score)
    const takenRows = new Set<string>()
    const takenOld: string[] = []
    for (const { row, old: o } of pairs) {
      if (takenRows.has(row.lieu.source_id) || takenOld.includes(o.id)) continue
      takenRows.add(row.lieu.source_id)
      takenOld.push(o.id)
      row.lieu.id = o.id
    }
    await takeOverLieux(tx, takenOld, FRANCE_SERVICES_SOURCE)
    summary.repris = takenOld.length
    summary.rouverts = await closedAmong(tx, FRANCE_SERVICES_SOURCE, rows.map((r) => r.lieu.id))
    await upsertStructures(tx, [...structures.values()], FRANCE_SERVICES_SOURCE)
    Object.assign(summary, await upsertLieux(tx, rows.map((r) => r.lieu), FRANCE_SERVICES_SOURCE, (done) => progress('France services', done, rows.length)))
    if (whole) {
      summary.fermes = await closeAbsent(tx, FRANCE_SERVICES_SOURCE, [...listed], {
        acceptRemovals: whole.acceptRemovals, motif: "absent de la liste France services de l'ANCT", label: 'France services', openBefore
      })
    }
    // The MSAP of 2017 that the 2024 list does not name: kept, to be confirmed.
    await tx.update(lieux).set({ a_confirmer: sql`(${lieux.source} = ${DILA_SOURCE})` }).where(eq(lieux.type, TYPE))
    const [unconfirmed] = await tx.select({ n: sql<number>`count(*)::int` }).from(lieux).where(and(eq(lieux.type, TYPE), eq(lieux.a_confirmer, true)))
    summary.a_confirmer = unconfirmed?.n ?? 0
    await tx.execute(sql`DELETE FROM structures s WHERE s.source = ${DILA_SOURCE} AND s.type = ${TYPE}
      AND NOT EXISTS (SELECT 1 FROM lieux l WHERE l.structure = s.id)`)
    await context.saveCorrections(tx)
  })
  return summary
}
