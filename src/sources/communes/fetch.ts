// Commune centres from their publisher (geo.api.gouv.fr, API Découpage administratif), for a
// machine without a data folder: the communes and the municipal arrondissements, each with
// its centre, written as the data folder's CSV (code_insee,nom,departement,codes_postaux,
// latitude,longitude) so that one loader reads both.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { ProgressFn } from '../../lib/progress.js'
import { csvLine } from '../../lib/csv.js'
import { downloadSource } from '../download.js'

const FIELDS = 'fields=nom,code,codeDepartement,codesPostaux,centre&format=json&geometry=centre'
export const COMMUNES_URL = `https://geo.api.gouv.fr/communes?${FIELDS}`
export const ARRONDISSEMENTS_URL = `https://geo.api.gouv.fr/communes?type=arrondissement-municipal&${FIELDS}`

interface GeoCommune {
  code?: string
  nom?: string
  codeDepartement?: string
  codesPostaux?: string[]
  centre?: { type?: string; coordinates?: [number, number] }
}

/** The list, a few megabytes (35,000 small objects): read whole. */
function communesOf(file: string): GeoCommune[] {
  let list: unknown
  try {
    list = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new Error(`${path.basename(file)} from geo.api.gouv.fr is not valid JSON: ${(error as Error).message}`)
  }
  if (!Array.isArray(list)) throw new Error(`${path.basename(file)} from geo.api.gouv.fr is not a list of communes`)
  return list as GeoCommune[]
}

/**
 * Downloads both lists (SOURCE_COMMUNES_URL and SOURCE_ARRONDISSEMENTS_URL override them) into
 * `<downloadDir>/communes/` and writes `communes_centres_geoapi_<YYYY-MM>.csv` there; returns the folder to load from.
 */
export async function fetchCommuneCentres(downloadDir: string, options: { env?: Record<string, string | undefined>; progress?: ProgressFn } = {}): Promise<string> {
  const env = options.env ?? process.env
  const dir = path.join(downloadDir, 'communes')
  mkdirSync(dir, { recursive: true })
  const lines = ['code_insee,nom,departement,codes_postaux,latitude,longitude']
  let count = 0
  for (const [url, step] of [[env.SOURCE_COMMUNES_URL?.trim() || COMMUNES_URL, 'communes'], [env.SOURCE_ARRONDISSEMENTS_URL?.trim() || ARRONDISSEMENTS_URL, 'arrondissements']] as const) {
    const { file } = await downloadSource({ url, dir: path.join(dir, 'geo-api', step), step: `${step} (geo.api.gouv.fr)`, progress: options.progress })
    for (const c of communesOf(file)) {
      const [lon, lat] = c.centre?.coordinates ?? []
      if (!c.code || !c.nom) continue
      lines.push(csvLine([c.code, c.nom, c.codeDepartement ?? '', (c.codesPostaux ?? []).join(' '), lat ?? '', lon ?? '']))
      count++
    }
  }
  if (count === 0) throw new Error('geo.api.gouv.fr answered no commune')
  const target = path.join(dir, `communes_centres_geoapi_${new Date().toISOString().slice(0, 7)}.csv`)
  writeFileSync(`${target}.part`, `${lines.join('\n')}\n`)
  renameSync(`${target}.part`, target)
  return downloadDir
}
