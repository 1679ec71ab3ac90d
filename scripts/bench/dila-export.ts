// A SYNTHETIC DILA export, for benchmarks only: N offices in the layout of the current
// "Base de données locales de Service-public" file (`{"service": [...]}`, 47 fields a record,
// as long as the real ones), written streaming. Nothing in it is real: every name starts with
// "[synthétique]", ids are random UUIDs, texts are generated. The communes are real INSEE codes
// (@etalab/decoupage-administratif), the positions near their centres when the data folder has
// the centres file, else anywhere in mainland France.
//
//   node --import tsx scripts/bench/dila-export.ts --out <file> [--offices 70000] [--form json|tar.bz2]
import { readFileSync } from 'node:fs'
import { mkdir, rm, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { loadConfig } from '../../src/config.js'
import { parseCsvRecords } from '../../src/lib/csv.js'
import { centresFile } from '../../src/modules/territories/load.js'
import type { DilaAddress, DilaOpeningSlot, DilaPhone, DilaService } from '../../src/sources/dila/export-format.js'
import { DEFAULT_STAMP, dilaService, fillerText, writeExportJson, writeTarBz2 } from '../../test/helpers/dila-export.js'
import { random } from './synthetic.js'

const require = createRequire(import.meta.url)

/** Non-AIO offices, weighted roughly as in the real file (mairies are half of it). */
const OTHER_TYPES: [string, number][] = [
  ['mairie', 50], ['gendarmerie', 5], ['caf', 2], ['cpam', 2], ['sie', 2], ['sip', 2], ['tresorerie', 2], ['commissariat_police', 2],
  ['ccas', 4], ['epci', 2], ['pmi', 3], ['clic', 2], ['msa', 1], ['urssaf', 1], ['carsat', 1], ['prefecture', 1], ['sous_pref', 1],
  ['chambre_notaires', 0.5], ['huissiers_justice', 1], ['point_justice', 2], ['adil', 1], ['bibli', 3], ['ti', 1], ['creps', 0.5], ['onac', 0.5]
]
/** Orientation, information and employment offices: about a tenth of the records. */
const AIO_TYPES: [string, number][] = [
  ['cio', 8], ['mission_locale', 20], ['france_travail', 15], ['cap_emploi', 4], ['cidf', 3], ['cij', 12], ['msap', 25],
  ['apec', 2], ['maison_emploi', 3], ['epide', 1]
]
const AIO_SHARE = 0.1
const UNLOCATED_SHARE = 0.03
/** Rough centres for the overseas départements, when the data folder has no centres file. */
const OVERSEAS: Record<string, [number, number]> = {
  '971': [-61.55, 16.25], '972': [-61.02, 14.64], '973': [-52.33, 4.94], '974': [55.53, -21.13], '976': [45.15, -12.82]
}

interface Commune { code: string; nom: string; departement: string; codePostal: string }

function weighted(table: [string, number][], rand: () => number): () => string {
  const total = table.reduce((sum, [, w]) => sum + w, 0)
  return () => {
    let r = rand() * total
    for (const [code, w] of table) if ((r -= w) < 0) return code
    return table[0]![0]
  }
}

function loadCommunes(): Commune[] {
  const all = require('@etalab/decoupage-administratif/data/communes.json') as
    { code: string; nom: string; type: string; zone: string; departement?: string; codesPostaux?: string[] }[]
  return all
    .filter((c) => c.type === 'commune-actuelle' && c.zone !== 'com')
    .map((c) => ({ code: c.code, nom: c.nom, departement: c.departement ?? c.code.slice(0, 2), codePostal: c.codesPostaux?.[0] ?? `${c.code.slice(0, 2)}000` }))
}

function loadCentres(): Map<string, [number, number]> {
  const centres = new Map<string, [number, number]>()
  let file: string | null = null
  try {
    file = centresFile(loadConfig().AIO_DATA_DIR)
  } catch {
    return centres
  }
  if (!file) return centres
  for (const row of parseCsvRecords(readFileSync(file, 'utf8'))) {
    const lon = Number(row.longitude)
    const lat = Number(row.latitude)
    if (row.code_insee && Number.isFinite(lon) && Number.isFinite(lat)) centres.set(row.code_insee, [lon, lat])
  }
  return centres
}

function uuid(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16))
  hex[12] = '4'
  hex[16] = '89ab'[Math.floor(rand() * 4)]!
  const s = hex.join('')
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
}

const DAYS = ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi']
const STREETS = ['rue de la République', 'place de la Mairie', 'avenue Jean-Jaurès', 'rue Victor-Hugo', 'boulevard Gambetta', 'rue du Général-Leclerc', 'place du Marché']

/** The synthetic offices, one at a time. */
export function* syntheticDilaServices(offices: number, seed = 20261202): Generator<DilaService & { aio: boolean }> {
  const rand = random(seed)
  const communes = loadCommunes()
  const centres = loadCentres()
  const otherType = weighted(OTHER_TYPES, rand)
  const aioType = weighted(AIO_TYPES, rand)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('')

  const position = (commune: Commune): [string, string] => {
    if (rand() < UNLOCATED_SHARE) return ['', '']
    const [lon, lat] = centres.get(commune.code) ?? OVERSEAS[commune.code.slice(0, 3)]
      ?? [-4.5 + rand() * 12, 42.5 + rand() * 8.5] // somewhere in mainland France
    return [(lon + (rand() - 0.5) * 0.02).toFixed(8), (lat + (rand() - 0.5) * 0.02).toFixed(8)]
  }

  for (let i = 0; i < offices; i++) {
    const aio = rand() < AIO_SHARE
    const type = aio ? aioType() : otherType()
    const at = Math.floor(rand() * communes.length)
    const commune = communes[at]!
    // The communes around it in the list: same département, as real zones mostly are.
    const size = type === 'mairie' ? 1 : 1 + Math.floor(rand() * 40)
    const zone = communes.slice(at, at + size).filter((c) => c.departement === commune.departement).map((c) => c.code)
    const id = uuid(rand)
    const [longitude, latitude] = position(commune)
    const visiting: DilaAddress = {
      type_adresse: 'Adresse', complement1: rand() < 0.3 ? 'Bâtiment B, 2e étage' : '', complement2: '',
      numero_voie: `${1 + Math.floor(rand() * 120)} ${pick(STREETS)}`, service_distribution: '', code_postal: commune.codePostal,
      nom_commune: commune.nom, pays: '', continent: '', longitude, latitude, accessibilite: pick(['ACC', 'DEM', 'NAC', '']),
      note_accessibilite: rand() < 0.2 ? fillerText(120, i) : ''
    }
    const adresse: DilaAddress[] = [visiting]
    if (rand() < 0.6) {
      adresse.unshift({
        ...visiting, type_adresse: 'Adresse postale', complement1: '', numero_voie: rand() < 0.5 ? visiting.numero_voie : '',
        service_distribution: `BP ${digits(3)}`, longitude: '', latitude: '', accessibilite: '', note_accessibilite: ''
      })
    }
    if (rand() < 0.15) {
      const [lon, lat] = position(commune)
      adresse.push({ ...visiting, complement1: 'Antenne', numero_voie: `${1 + Math.floor(rand() * 60)} ${pick(STREETS)}`, longitude: lon, latitude: lat })
    }
    const telephone: DilaPhone[] = Array.from({ length: 1 + Math.floor(rand() * 2.5) }, (_, k) => ({
      valeur: rand() < 0.05 ? '3949' : `0${1 + Math.floor(rand() * 5)} ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`,
      description: k === 0 ? '' : 'Accueil jeunes'
    }))
    const plage_ouverture: DilaOpeningSlot[] = []
    for (let d = 0; d < DAYS.length - 1; d++) {
      if (rand() < 0.25) continue
      const ranged = d === 0 && rand() < 0.4
      const afternoon = rand() < 0.7
      plage_ouverture.push({
        nom_jour_debut: DAYS[d]!, nom_jour_fin: ranged ? 'Vendredi' : DAYS[d]!, valeur_heure_debut_1: '08:30:00', valeur_heure_fin_1: '12:00:00',
        valeur_heure_debut_2: afternoon ? '13:30:00' : '', valeur_heure_fin_2: afternoon ? '17:30:00' : '',
        commentaire: rand() < 0.2 ? fillerText(80, i + d) : ''
      })
      if (ranged) break
    }
    // Real records carry long free texts; these make the file about as heavy (~4 kB a record).
    const mission = rand() < 0.7 ? fillerText(200 + Math.floor(rand() * 2600), i * 7 + 1) : ''
    const information = rand() < 0.5 ? fillerText(100 + Math.floor(rand() * 1800), i * 7 + 2) : ''
    const pivot = [{ type_service_local: type, code_insee_commune: zone }]
    // A Point information jeunesse inside a mairie: one record, two pivots.
    if (type === 'mairie' && rand() < 0.02) pivot.push({ type_service_local: 'cij', code_insee_commune: [commune.code] })
    const service = dilaService({
      id, type, insee: commune.code, commune: commune.nom, postcode: commune.codePostal,
      nom: `[synthétique] ${type} - ${commune.nom}`,
      ancien_code_pivot: `${type}-${commune.code}-${String(1 + (i % 3)).padStart(2, '0')}`,
      pivot, adresse, telephone, plage_ouverture, mission, information_complementaire: information,
      adresse_courriel: rand() < 0.8 ? [`contact-${id.slice(0, 8)}@synthetique.invalid`] : [],
      site_internet: rand() < 0.6 ? [{ libelle: '', valeur: `https://synthetique.invalid/${type}/${commune.code}` }] : [],
      telecopie: rand() < 0.2 ? [`0${1 + Math.floor(rand() * 5)} ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`] : [],
      siret: rand() < 0.5 ? digits(14) : '',
      itm_identifiant: digits(6),
      date_modification: `${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}/${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}/2025 10:00:00`,
      url_service_public: `https://lannuaire.service-public.gouv.fr/synthetique/${id}`
    })
    yield Object.assign(service, { aio: aio || pivot.length > 1 })
  }
}

/**
 * Writes `offices` synthetic offices to `file`, as the JSON (default) or as the publisher's
 * `tar.bz2` holding `<stamp>-data.gouv_local.json`. Returns the written file's size and how many
 * offices are AIO.
 */
export async function writeSyntheticDilaExport(
  file: string, offices: number, options: { form?: 'json' | 'tar.bz2'; seed?: number } = {}
): Promise<{ bytes: number; aio: number }> {
  let aio = 0
  function* counted() {
    for (const { aio: isAio, ...service } of syntheticDilaServices(offices, options.seed)) {
      if (isAio) aio++
      yield service
    }
  }
  await mkdir(path.dirname(path.resolve(file)), { recursive: true })
  if ((options.form ?? 'json') === 'json') {
    await writeExportJson(file, counted())
    return { bytes: (await stat(file)).size, aio }
  }
  const staging = `${file}.staging`
  await mkdir(staging, { recursive: true })
  try {
    const name = `${DEFAULT_STAMP}-data.gouv_local.json`
    await writeExportJson(path.join(staging, name), counted())
    await writeTarBz2(file, [{ name, file: path.join(staging, name) }])
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
  return { bytes: (await stat(file)).size, aio }
}

async function main() {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, offices: { type: 'string', default: '70000' }, form: { type: 'string', default: 'json' } }
  })
  const offices = Number(values.offices)
  if (!values.out || !Number.isInteger(offices) || offices < 0 || (values.form !== 'json' && values.form !== 'tar.bz2')) {
    console.error('usage: node --import tsx scripts/bench/dila-export.ts --out <file> [--offices 70000] [--form json|tar.bz2]')
    process.exitCode = 2
    return
  }
  const started = Date.now()
  const { bytes, aio } = await writeSyntheticDilaExport(values.out, offices, { form: values.form })
  console.log(`${values.out}: ${offices} synthetic offices (${aio} AIO), ${(bytes / 1e6).toFixed(1)} MB, ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main()
