// Importer of the DILA local-office directory (service-public.fr "base de données locales"),
// as GeoJSON FeatureCollections, one file per pivot code. Each office becomes a lieu filed
// under today's glossary type; contact fields are cleaned, a malformed value is dropped and
// counted, the row kept. The whole import is one transaction: it lands entirely or not at all.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Database } from '../../db/client.js'
import { types } from '../../db/schema.js'
import { filesIn } from '../../lib/files.js'
import { validOpeningHours } from '../../modules/opening/validate.js'
import { type ImportSummary, importContext } from '../common/report.js'
import { type LieuRow, type StructureRow, upsertLieux, upsertStructures } from '../../modules/sites/lieux-writer.js'
import type { ProgressFn } from '../../lib/progress.js'
import { type DilaPlageJ, dilaOpeningHours, normalizeEmail, normalizePhone, normalizeUrl, textOf } from '../../modules/sites/normalize.js'

export const DILA_SOURCE = 'dila'
export const DILA_FOLDER = 'dila-annuaire-2017'

type OneOrMany<T> = T | T[]
interface DilaAdresse {
  type?: string
  Ligne?: OneOrMany<string>
  CodePostal?: string
  NomCommune?: string
  Accessibilité?: { type?: string }
  Localisation?: { Latitude?: string; Longitude?: string }
}
interface DilaFeature {
  geometry?: { type: string; coordinates?: [number, number] }
  properties: {
    id?: string
    codeInsee?: string
    dateMiseAJour?: string
    pivotLocal?: string
    Nom?: string
    Adresse?: OneOrMany<DilaAdresse>
    CoordonnéesNum?: { Téléphone?: OneOrMany<unknown>; Email?: OneOrMany<unknown>; Url?: OneOrMany<unknown> }
    Ouverture?: { PlageJ?: OneOrMany<DilaPlageJ> }
  }
}

/** Networks that are one organisation nationwide: their offices share one structure. */
export const SINGLE_ORGANISATION = new Set(['france-travail', 'apec', 'apecita', 'afpa', 'agefiph'])

const first = <T>(value: OneOrMany<T> | undefined): T | undefined => (Array.isArray(value) ? value[0] : value)
const many = <T>(value: OneOrMany<T> | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value])

interface TypeInfo { code: string; statut: string; pivot: string | null }

/** Today's type for a DILA office, and the renamed type it was filed under, if any. */
export function dilaType(pivot: string, nom: string, known: TypeInfo[]): { type: string; origine: string | null } | null {
  const candidates = known.filter((t) => t.pivot === pivot)
  const active = candidates.filter((t) => t.statut === 'actif')
  const origine = candidates.find((t) => t.statut !== 'actif')?.code ?? null
  if (active.length === 1) return { type: active[0]!.code, origine }
  if (pivot === 'cij') {
    // One pivot for the whole Information Jeunesse network: the kind is in the name.
    const code = /r[ée]gional/i.test(nom) ? 'crij' : /^(bureau|centre) information jeunesse/i.test(nom) ? 'bij' : 'pij'
    if (active.some((t) => t.code === code)) return { type: code, origine }
  }
  return null
}

function splitAddress(lines: string[]): { adresse: string | null; complement: string | null } {
  const clean = lines.map((l) => l.trim()).filter((l) => l !== '')
  if (clean.length === 0) return { adresse: null, complement: null }
  const street = clean.find((l) => /^\d/.test(l)) ?? clean[clean.length - 1]!
  const others = clean.filter((l) => l !== street)
  return { adresse: street, complement: others.length > 0 ? others.join(', ') : null }
}

export function dilaFiles(folder: string): string[] {
  return filesIn(folder, '.geojson')
}

export async function importDila(db: Database, folder: string, progress: ProgressFn = () => {}): Promise<ImportSummary> {
  const files = dilaFiles(folder)
  if (files.length === 0) throw new Error(`no .geojson file in ${folder}`)
  // Parse everything before touching the database: a corrupt file fails the import up front.
  const features: DilaFeature[] = []
  for (const file of files) {
    let parsed: { type?: string; features?: DilaFeature[] }
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8')) as typeof parsed
    } catch (error) {
      throw new Error(`${path.basename(file)} is not valid JSON: ${(error as Error).message}`)
    }
    if (parsed.type !== 'FeatureCollection' || !Array.isArray(parsed.features)) {
      throw new Error(`${path.basename(file)} is not a GeoJSON FeatureCollection`)
    }
    features.push(...parsed.features)
  }

  const known: TypeInfo[] = (
    await db.select({ code: types.code, statut: types.statut, correspondances: types.correspondances }).from(types)
  ).map((t) => ({ code: t.code, statut: t.statut, pivot: t.correspondances.pivot_dila }))
  const typeNames = new Map((await db.select({ code: types.code, nom: types.nom }).from(types)).map((t) => [t.code, t.nom]))

  const context = await importContext(db, DILA_SOURCE, features.length)
  const { summary, reject, clean } = context

  const structureRows = new Map<string, StructureRow>()
  const lieuRows: LieuRow[] = []
  const seen = new Set<string>()
  for (const feature of features) {
    const p = feature.properties ?? {}
    if (!p.id || !p.Nom || !p.pivotLocal) {
      reject('identifiant, nom ou code pivot manquant')
      continue
    }
    if (seen.has(p.id)) {
      reject('doublon dans la source')
      continue
    }
    seen.add(p.id)
    const typed = dilaType(p.pivotLocal, p.Nom, known)
    if (!typed) {
      reject(`code pivot sans type du glossaire (${p.pivotLocal})`)
      continue
    }
    const adresse = many(p.Adresse).find((a) => a.type !== 'postale') ?? first(p.Adresse)
    const codeInsee = context.communeCode(p.codeInsee)
    // The point of the feature, else the address's own coordinates, else the commune centre.
    const placed = context.place(
      [
        [feature.geometry?.coordinates?.[0], feature.geometry?.coordinates?.[1]],
        [Number(adresse?.Localisation?.Longitude), Number(adresse?.Localisation?.Latitude)]
      ],
      codeInsee,
      p.id
    )
    if (!placed) continue
    const { position, precision } = placed
    const { adresse: ligne, complement } = splitAddress(many(adresse?.Ligne).filter((l): l is string => typeof l === 'string'))
    const contact = p.CoordonnéesNum ?? {}
    const telephone = clean('telephone', textOf(first(contact.Téléphone)), (v) => normalizePhone(v, p.codeInsee))
    const courriel = clean('courriel', textOf(first(contact.Email)), normalizeEmail)
    const siteWeb = clean('site_web', textOf(first(contact.Url)), normalizeUrl)
    // Built from the directory's time slots, then checked by the reference parser.
    const horaires = p.Ouverture?.PlageJ ? validOpeningHours(dilaOpeningHours(p.Ouverture.PlageJ)) : null
    if (p.Ouverture?.PlageJ && horaires === null) summary.valeurs_ecartees.horaires_accueil = (summary.valeurs_ecartees.horaires_accueil ?? 0) + 1
    const accessibilite = adresse?.Accessibilité?.type ?? null
    const dateMaj = /^\d{4}-\d{2}-\d{2}$/.test(p.dateMiseAJour ?? '') ? p.dateMiseAJour! : null

    const structureId = SINGLE_ORGANISATION.has(typed.type) ? typed.type : `dila-${p.id}`
    if (!structureRows.has(structureId)) {
      structureRows.set(structureId, {
        id: structureId,
        nom: SINGLE_ORGANISATION.has(typed.type) ? typeNames.get(typed.type)! : p.Nom,
        type: typed.type,
        siret: null,
        site_web: SINGLE_ORGANISATION.has(typed.type) ? null : siteWeb,
        source: DILA_SOURCE,
        date_maj: dateMaj
      })
    }
    lieuRows.push({
      id: `dila-${p.id}`,
      structure: structureId,
      type: typed.type,
      type_origine: typed.origine,
      nom: p.Nom.trim(),
      adresse: ligne,
      complement_adresse: complement,
      code_postal: /^\d{5}$/.test(adresse?.CodePostal ?? '') ? adresse!.CodePostal! : null,
      commune: adresse?.NomCommune?.trim() || null,
      code_insee: codeInsee,
      position,
      precision_position: precision,
      telephone,
      courriel,
      site_web: siteWeb,
      horaires_accueil: horaires,
      accessibilite: accessibilite && ['ACC', 'DEM', 'NAC'].includes(accessibilite) ? accessibilite : null,
      modes_accueil: ['en-presentiel'],
      source: DILA_SOURCE,
      source_id: p.id,
      date_maj: dateMaj,
      statut: 'actif'
    })
    context.kept(typed.type)
  }

  await db.transaction(async (tx) => {
    await upsertStructures(tx, [...structureRows.values()], DILA_SOURCE)
    const counts = await upsertLieux(tx, lieuRows, DILA_SOURCE, (done) => progress('lieux DILA', done, lieuRows.length))
    Object.assign(summary, counts)
    await context.saveCorrections(tx)
  })
  return summary
}
