// Loads France's territories: régions, départements, EPCI and communes from the npm package
// @etalab/decoupage-administratif (the official lists, no coordinates), joined with the commune
// centres of the data folder (geo.api.gouv.fr, 2024-09). Communes created after that file get
// the centroid of their former communes' centres where those are known.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { centroid, featureCollection, point } from '@turf/turf'
import { eq, sql } from 'drizzle-orm'
import { type Database, rowsOf } from '../../db/client.js'
import type { LonLat } from '../../db/geography.js'
import { chargements, communes, departements, epci, regions } from '../../db/schema.js'
import { parseCsvRecords } from '../../lib/csv.js'

const require = createRequire(import.meta.url)
const TERRITORIES = 'territoires'

const CENTRE_FROM_FILE = 'geo.api.gouv.fr'

/**
 * The newest commune-centres file of a folder (`communes/communes_centres_geoapi_<YYYY-MM>.csv`:
 * the data folder's, or one fetched from geo.api.gouv.fr), or null when it has none.
 */
export function centresFile(dir: string): string | null {
  const folder = path.join(dir, 'communes')
  if (!existsSync(folder)) return null
  const files = readdirSync(folder).filter((name) => /^communes_centres.*\.csv$/.test(name)).sort()
  return files.length > 0 ? path.join(folder, files[files.length - 1]!) : null
}

const centresFileIn = (dir: string): string => {
  const file = centresFile(dir)
  if (!file) throw new Error(`no commune centres file (communes/communes_centres*.csv) in ${dir}`)
  return file
}
const CENTRE_DERIVED = 'centroïde des anciennes communes'

interface DecoupageCommune {
  code: string
  nom: string
  type: 'commune-actuelle' | 'arrondissement-municipal' | 'commune-deleguee' | 'commune-associee'
  zone: string
  departement?: string
  region?: string
  commune?: string
  chefLieu?: string
  anciensCodes?: string[]
  codesPostaux?: string[]
  population?: number
}
interface DecoupageEpci {
  code: string
  nom: string
  type: string
  populationTotale?: number
  membres: { code: string }[]
}
interface DecoupageRegion { code: string; nom: string; chefLieu?: string; zone: string }
interface DecoupageDepartement extends DecoupageRegion { region: string }

function decoupage<T>(file: string): T {
  return require(`@etalab/decoupage-administratif/data/${file}`) as T
}

function decoupageVersion(): string {
  return (require('@etalab/decoupage-administratif/package.json') as { version: string }).version
}

export interface TerritoriesReport {
  changed: boolean
  regions: number
  departements: number
  epci: number
  communes: number
  centresFromFile: number
  centresDerived: number
  /** Communes left without a centre: they cannot anchor a "near me" search. */
  withoutCentre: string[]
}

export type Progress = (step: string, done: number, total: number) => void

function readCentres(dataDir: string): Map<string, LonLat> {
  const file = centresFileIn(dataDir)
  const centres = new Map<string, LonLat>()
  for (const row of parseCsvRecords(readFileSync(file, 'utf8'))) {
    const lat = Number(row.latitude)
    const lon = Number(row.longitude)
    if (row.code_insee && Number.isFinite(lat) && Number.isFinite(lon)) centres.set(row.code_insee, { lon, lat })
  }
  return centres
}

/**
 * A commune that is not in the centres file but absorbed communes that are (a commune
 * nouvelle created after 2024-09) gets the centroid of their centres.
 */
function deriveCentre(commune: DecoupageCommune, all: DecoupageCommune[], centres: Map<string, LonLat>): LonLat | null {
  const former = new Set<string>(commune.anciensCodes ?? [])
  for (const c of all) {
    if ((c.type === 'commune-deleguee' || c.type === 'commune-associee') && c.chefLieu === commune.code) former.add(c.code)
  }
  const known = [...former].map((code) => centres.get(code)).filter((c): c is LonLat => c !== undefined)
  if (known.length === 0) return null
  const [lon, lat] = centroid(featureCollection(known.map((c) => point([c.lon, c.lat])))).geometry.coordinates as [number, number]
  return { lon: Math.round(lon * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 }
}

/** The report of territories already loaded, read from the database (a restart). */
async function reportFromDatabase(db: Database): Promise<TerritoriesReport> {
  const [counts] = await db.execute(sql`SELECT
      (SELECT count(*) FROM regions)::int AS regions,
      (SELECT count(*) FROM departements)::int AS departements,
      (SELECT count(*) FROM epci)::int AS epci,
      (SELECT count(*) FROM communes)::int AS communes,
      (SELECT count(*) FROM communes WHERE centre_origine = ${CENTRE_FROM_FILE})::int AS "centresFromFile",
      (SELECT count(*) FROM communes WHERE centre_origine = ${CENTRE_DERIVED})::int AS "centresDerived",
      ARRAY(SELECT code_insee || ' ' || nom FROM communes WHERE centre IS NULL ORDER BY code_insee) AS "withoutCentre"`)
    .then((result) => rowsOf<Omit<TerritoriesReport, 'changed'>>(result))
  return { changed: false, ...counts! }
}

export function territoriesVersion(dataDir: string): string {
  const stat = statSync(centresFileIn(dataDir))
  return createHash('sha256').update(`${decoupageVersion()}|${stat.size}|v2`).digest('hex').slice(0, 16)
}

/** Loads (or reloads, when the sources changed) every territory in one transaction. */
export async function loadTerritories(
  db: Database,
  dataDir: string,
  progress: Progress = () => {}
): Promise<TerritoriesReport> {
  const version = territoriesVersion(dataDir)
  const [loaded] = await db.select({ version: chargements.version }).from(chargements).where(eq(chargements.jeu, TERRITORIES))
  if (loaded?.version === version) return reportFromDatabase(db)
  const centres = readCentres(dataDir)
  const allCommunes = decoupage<DecoupageCommune[]>('communes.json')
  const regionList = decoupage<DecoupageRegion[]>('regions.json')
  const departementList = decoupage<DecoupageDepartement[]>('departements.json')
  const epciList = decoupage<DecoupageEpci[]>('epci.json')

  const epciOf = new Map<string, string>()
  for (const e of epciList) for (const m of e.membres) epciOf.set(m.code, e.code)

  const report: TerritoriesReport = {
    changed: false,
    regions: regionList.length,
    departements: departementList.length,
    epci: epciList.length,
    communes: 0,
    centresFromFile: 0,
    centresDerived: 0,
    withoutCentre: []
  }
  const rows = allCommunes
    .filter((c) => c.type === 'commune-actuelle' || c.type === 'arrondissement-municipal')
    .map((c) => {
      let centre = centres.get(c.code) ?? null
      let origine: string | null = null
      if (centre) {
        origine = CENTRE_FROM_FILE
        report.centresFromFile++
      } else {
        centre = deriveCentre(c, allCommunes, centres)
        if (centre) {
          origine = CENTRE_DERIVED
          report.centresDerived++
        } else report.withoutCentre.push(`${c.code} ${c.nom}`)
      }
      const parent = c.type === 'arrondissement-municipal' ? c.commune : undefined
      return {
        code_insee: c.code,
        nom: c.nom,
        type: c.type as 'commune-actuelle' | 'arrondissement-municipal',
        commune_parente: parent ?? null,
        codes_postaux: c.codesPostaux ?? [],
        population: c.population ?? null,
        departement: c.departement!,
        region: c.region!,
        epci: epciOf.get(c.code) ?? (parent ? epciOf.get(parent) : undefined) ?? null,
        centre,
        centre_origine: origine
      }
    })
  report.communes = rows.length

  await db.transaction(async (tx) => {
    await tx.delete(communes)
    await tx.delete(epci)
    await tx.delete(departements)
    await tx.delete(regions)
    await tx.insert(regions).values(regionList.map((r) => ({ code: r.code, nom: r.nom, chef_lieu: r.chefLieu ?? null, zone: r.zone })))
    await tx.insert(departements).values(
      departementList.map((d) => ({ code: d.code, nom: d.nom, region: d.region, chef_lieu: d.chefLieu ?? null, zone: d.zone }))
    )
    await tx.insert(epci).values(epciList.map((e) => ({ code: e.code, nom: e.nom, type: e.type, population: e.populationTotale ?? null })))
    const batch = 2000
    for (let i = 0; i < rows.length; i += batch) {
      await tx.insert(communes).values(rows.slice(i, i + batch))
      progress('communes', Math.min(i + batch, rows.length), rows.length)
    }
    const lignes = report.regions + report.departements + report.epci + report.communes
    await tx
      .insert(chargements)
      .values({ jeu: TERRITORIES, version, lignes })
      .onConflictDoUpdate({ target: chargements.jeu, set: { version, lignes, date_chargement: sql`now()` } })
  })
  report.changed = true
  return report
}

/**
 * Former commune codes (merged into a commune nouvelle, or delegated/associated communes)
 * to today's commune, so that older sources land in current territories.
 */
export function currentCommuneCodes(): Map<string, string> {
  const map = new Map<string, string>()
  for (const c of decoupage<DecoupageCommune[]>('communes.json')) {
    if ((c.type === 'commune-deleguee' || c.type === 'commune-associee') && c.chefLieu && c.chefLieu !== c.code) {
      map.set(c.code, c.chefLieu)
    }
    if (c.type === 'commune-actuelle') for (const old of c.anciensCodes ?? []) if (old !== c.code) map.set(old, c.code)
  }
  return map
}
