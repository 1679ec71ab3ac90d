// Importer of the Annuaire de l'éducation (Ministry of Education, official 72-column CSV,
// ';'-separated, UTF-8 with BOM): its CIO rows. A CIO already known from another source
// (same type, same commune, within 5 km) is the same place: it is updated in place, this
// fresher source taking it over, instead of appearing twice.
import { readFileSync } from 'node:fs'
import { sql } from 'drizzle-orm'
import { type Database, rowsOf } from '../../db/client.js'
import { geographyOf } from '../../db/geography.js'
import { readSourceCsv } from '../../lib/csv.js'
import type { ProgressFn } from '../../lib/progress.js'
import { type ImportSummary, importContext } from '../common/report.js'
import { closeAbsent, closedAmong, openLieux, type WholeList } from '../common/snapshot.js'
import { type LieuRow, type StructureRow, takeOverLieux, upsertLieux, upsertStructures } from '../../modules/sites/lieux-writer.js'
import { normalizeEmail, normalizePhone, normalizeUrl } from '../../modules/sites/normalize.js'

export const EDUCATION_SOURCE = 'annuaire-education'
const CIO_TYPE = 'Information et orientation'
const REQUIRED_COLUMNS = ['Identifiant_de_l_etablissement', 'Nom_etablissement', 'Type_etablissement', 'Code_commune', 'latitude', 'longitude']

/** `whole`: the file is the national Annuaire (a refresh): the CIO it no longer names are closed, behind the guard. */
export async function importEducation(
  db: Database, file: string, progress: ProgressFn = () => {}, whole?: WholeList
): Promise<ImportSummary & { fermes: number; rouverts: number }> {
  const records = readSourceCsv(readFileSync(file, 'utf8'), { delimiter: ';', required: REQUIRED_COLUMNS, what: "an Annuaire de l'éducation file" })
  const context = await importContext(db, EDUCATION_SOURCE, records.length)
  const { reject, clean } = context
  const summary = Object.assign(context.summary, { fermes: 0, rouverts: 0 })
  const rows: { lieu: LieuRow; structure: StructureRow }[] = []
  /** Every CIO the file names, written or not: its lieu is not closed for a row that could not be read. */
  const listed = new Set<string>()

  for (const r of records) {
    if (r.Type_etablissement !== CIO_TYPE) {
      summary.ignores++
      continue
    }
    const uai = r.Identifiant_de_l_etablissement?.trim()
    const nom = r.Nom_etablissement?.trim()
    if (uai) listed.add(uai)
    if (!uai || !nom) {
      reject('identifiant ou nom manquant')
      continue
    }
    const codeInsee = context.communeCode(r.Code_commune)
    const placed = context.place([[Number(r.longitude), Number(r.latitude)]], codeInsee, uai)
    if (!placed) continue
    const { position, precision } = placed
    const siret = /^\d{14}$/.test(r.SIREN_SIRET ?? '') ? r.SIREN_SIRET! : null
    const dateMaj = /^\d{4}-\d{2}-\d{2}$/.test(r.date_maj_ligne ?? '') ? r.date_maj_ligne! : null
    const complement = [r.Adresse_2, r.Adresse_3].map((l) => l?.trim()).filter(Boolean).join(', ')
    const siteWeb = clean('site_web', r.Web, normalizeUrl)
    rows.push({
      structure: { id: `education-${uai}`, nom, type: 'cio', siret, site_web: siteWeb, source: EDUCATION_SOURCE, date_maj: dateMaj },
      lieu: {
        id: `education-${uai}`,
        structure: `education-${uai}`,
        type: 'cio',
        type_origine: null,
        nom,
        adresse: r.Adresse_1?.trim() || null,
        complement_adresse: complement || null,
        code_postal: /^\d{5}$/.test(r['Code postal'] ?? '') ? r['Code postal']! : null,
        commune: r.Nom_commune?.trim() || null,
        code_insee: codeInsee,
        position,
        precision_position: precision,
        telephone: clean('telephone', r.Telephone, (v) => normalizePhone(v, codeInsee)),
        courriel: clean('courriel', r.Mail, normalizeEmail),
        site_web: siteWeb,
        horaires_accueil: null,
        accessibilite: null,
        modes_accueil: ['en-presentiel'],
        source: EDUCATION_SOURCE,
        source_id: uai,
        date_maj: dateMaj,
        statut: r.etat && r.etat !== 'OUVERT' ? 'ferme' : 'actif'
      }
    })
    context.kept('cio')
  }

  await db.transaction(async (tx) => {
    const openBefore = await openLieux(tx, EDUCATION_SOURCE)
    for (const row of rows) {
      // The lieu this establishment already is: by its own id, else the same place from
      // another source (same type, same commune, within 5 km), nearest first.
      const [match] = await tx.execute(sql`SELECT id, structure FROM lieux
        WHERE (source = ${EDUCATION_SOURCE} AND source_id = ${row.lieu.source_id})
           OR (type = 'cio' AND code_insee = ${row.lieu.code_insee} AND source <> ${EDUCATION_SOURCE}
               AND ST_DWithin(position, ${geographyOf(row.lieu.position)}, 5000))
        ORDER BY (source = ${EDUCATION_SOURCE}) DESC,
          position <-> ${geographyOf(row.lieu.position)}
        LIMIT 1`).then((result) => rowsOf<{ id: string; structure: string }>(result))
      if (match) {
        row.lieu.id = match.id
        row.lieu.structure = match.structure
        row.structure.id = match.structure
        await takeOverLieux(tx, [match.id], EDUCATION_SOURCE)
        await tx.execute(sql`UPDATE structures SET source = ${EDUCATION_SOURCE} WHERE id = ${match.structure} AND source <> ${EDUCATION_SOURCE}`)
      }
    }
    // Those the file marks closed (`etat`) are not counted as reopened.
    summary.rouverts = await closedAmong(tx, EDUCATION_SOURCE, rows.filter((r) => r.lieu.statut === 'actif').map((r) => r.lieu.id))
    await upsertStructures(tx, rows.map((r) => r.structure), EDUCATION_SOURCE)
    Object.assign(summary, await upsertLieux(tx, rows.map((r) => r.lieu), EDUCATION_SOURCE, (done) => progress('CIO éducation', done, rows.length)))
    if (whole) {
      summary.fermes = await closeAbsent(tx, EDUCATION_SOURCE, [...listed], {
        acceptRemovals: whole.acceptRemovals, motif: "absent de l'Annuaire de l'éducation", label: "Annuaire de l'éducation", openBefore
      })
    }
    await context.saveCorrections(tx)
  })
  return summary
}
