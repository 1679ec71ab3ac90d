// Importer of a package this API exported (`npm run export -- --all`): its structures and
// lieux CSV, in the exports' own vocabulary, so that a mirror loads what another instance
// published. Rows keep their ids and sources; derived columns (territory codes, counts) are
// recomputed here, not read. All or nothing, in one transaction.
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client.js'
import { validOpeningHours } from '../../modules/opening/validate.js'
import { types } from '../../db/schema.js'
import { parseCsvRecords } from '../../lib/csv.js'
import type { ProgressFn } from '../../lib/progress.js'
import { type ImportSummary, importReport, validPoint } from '../common/report.js'
import { type LieuRow, type StructureRow, upsertLieux, upsertStructures } from '../../modules/sites/lieux-writer.js'

export const PACKAGE_SOURCE = 'package'

const LIEU_REQUIRED = ['id', 'nom', 'type', 'structure', 'latitude', 'longitude', 'source', 'source_id']
const STRUCTURE_REQUIRED = ['id', 'nom', 'type', 'source']

/** The CSV of a resource of the package, by its name in datapackage.json. */
function readResource(dir: string, pkg: { resources?: { name?: string; path?: string }[] }, name: string, required: string[]) {
  const resource = pkg.resources?.find((r) => r.name === name)
  if (!resource?.path) throw new Error(`datapackage.json has no ${name} resource`)
  const records = parseCsvRecords(readFileSync(path.join(dir, resource.path), 'utf8'))
  const header = Object.keys(records[0] ?? {})
  const missing = required.filter((c) => !header.includes(c))
  if (missing.length > 0) throw new Error(`${resource.path}: missing column(s) ${missing.join(', ')}`)
  return records
}

const orNull = (value: string | undefined) => (value === undefined || value === '' ? null : value)
const listOf = (value: string | undefined) => (value ? value.split('|') : [])

/** `target`: the package folder, or its datapackage.json. */
export async function importPackage(db: Database, target: string, progress: ProgressFn = () => {}): Promise<ImportSummary> {
  const dir = statSync(target).isDirectory() ? target : path.dirname(target)
  const pkg = JSON.parse(readFileSync(path.join(dir, 'datapackage.json'), 'utf8')) as { resources?: { name?: string; path?: string }[] }
  const structureRecords = readResource(dir, pkg, 'structures', STRUCTURE_REQUIRED)
  const lieuRecords = readResource(dir, pkg, 'lieux', LIEU_REQUIRED)
  const { summary, reject, kept, clean } = importReport(PACKAGE_SOURCE, lieuRecords.length)

  const structures: StructureRow[] = structureRecords.map((r) => ({
    id: r.id!, nom: r.nom!, type: r.type!, siret: orNull(r.siret), site_web: orNull(r.site_web), source: r.source!, date_maj: orNull(r.date_maj)
  }))
  const lieux: LieuRow[] = []
  for (const r of lieuRecords) {
    const position = validPoint(Number(r.longitude), Number(r.latitude))
    if (!r.id || !r.nom || !r.type || !r.structure || !position) {
      reject(position ? 'identifiant, nom, type ou structure manquant' : 'position invalide')
      continue
    }
    lieux.push({
      id: r.id, structure: r.structure, type: r.type, type_origine: orNull(r.type_origine), nom: r.nom,
      adresse: orNull(r.adresse), complement_adresse: orNull(r.complement_adresse), code_postal: orNull(r.code_postal),
      commune: orNull(r.commune), code_insee: orNull(r.code_insee), position,
      precision_position: r.precision_position === 'commune' ? 'commune' : 'adresse',
      telephone: orNull(r.telephone), courriel: orNull(r.courriel), site_web: orNull(r.site_web),
      horaires_accueil: clean('horaires_accueil', r.horaires_accueil, validOpeningHours), accessibilite: orNull(r.accessibilite), modes_accueil: listOf(r.modes_accueil),
      source: r.source!, source_id: r.source_id!, date_maj: orNull(r.date_maj), statut: r.statut === 'ferme' ? 'ferme' : 'actif',
      a_confirmer: r.a_confirmer === 'true'
    })
    kept(r.type)
  }

  // Rows keep their own source; each source's rows are written under its guard.
  const bySource = <T extends { source: string }>(rows: T[]) => {
    const groups = new Map<string, T[]>()
    for (const row of rows) {
      const group = groups.get(row.source)
      if (group) group.push(row)
      else groups.set(row.source, [row])
    }
    return groups
  }
  const known = new Set((await db.select({ code: types.code }).from(types)).map((t) => t.code))
  const used = [...structures.map((r) => r.type), ...lieux.flatMap((r) => (r.type_origine ? [r.type, r.type_origine] : [r.type]))]
  const unknown = [...new Set(used)].filter((c) => !known.has(c))
  if (unknown.length > 0) throw new Error(`unknown type code(s) ${unknown.join(', ')}: this package needs a newer glossary`)
  await db.transaction(async (tx) => {
    for (const [source, rows] of bySource(structures)) await upsertStructures(tx, rows, source)
    let done = 0
    for (const [source, rows] of bySource(lieux)) {
      const counts = await upsertLieux(tx, rows, source, (n) => progress('lieux', done + n, lieux.length))
      done += rows.length
      summary.inseres += counts.inseres
      summary.mis_a_jour += counts.mis_a_jour
      summary.inchanges += counts.inchanges
    }
    // The flag is set by the importer of the fresher source, not by the upsert: carry it as published.
    const flagged = lieux.filter((l) => l.a_confirmer).map((l) => l.id)
    await tx.execute(sql`UPDATE lieux SET a_confirmer = (id = ANY(${sql.param(flagged)}::text[]))
      WHERE id = ANY(${sql.param(lieux.map((l) => l.id))}::text[]) AND a_confirmer <> (id = ANY(${sql.param(flagged)}::text[]))`)
  })
  return summary
}
