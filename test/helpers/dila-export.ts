// Files in the layout of the DILA's current export, for tests: records shaped like the published
// ones (47 fields, the postal address before the visiting one, coordinates as strings) and the
// three forms the export is downloaded in. Everything is written streaming, so a test can write
// a file of hundreds of MB without holding it.
import { spawn } from 'node:child_process'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, rm, stat, truncate as truncateFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import tar from 'tar-stream'
import type { DilaService } from '../../src/sources/dila/export-format.js'

export type DilaExportFormInput = 'json' | 'json.gz' | 'tar.bz2'

export const DEFAULT_STAMP = '20261202_051502'

export interface DilaServiceInput extends Partial<DilaService> {
  /** The pivot's type code (default `cio`), when `pivot` is not given. */
  type?: string
  /** The office's commune (default Laon). */
  insee?: string
  commune?: string
  postcode?: string
  /** The communes it serves (default: its own), when `pivot` is not given. */
  zone?: string[]
  /** `[longitude, latitude]` as published: strings, `['', '']` for none. */
  coordinates?: [string, string]
  /** Characters of text in `mission` and `information_complementaire`, as the long real ones. */
  padding?: number
}

const NAMES: Record<string, string> = {
  cio: "Centre d'information et d'orientation (CIO)",
  mission_locale: 'Mission locale',
  france_travail: 'France Travail',
  cap_emploi: 'Cap emploi',
  mairie: 'Mairie',
  caf: "Caisse d'allocations familiales (Caf)",
  cpam: "Caisse primaire d'assurance maladie (CPAM)",
  gendarmerie: 'Brigade de gendarmerie'
}

const WORDS = (
  "l'accueil est ouvert à tous sans rendez-vous pour toute question sur orientation la formation emploi les jeunes " +
  'de 16 à 25 ans sont reçus par un conseiller qui les accompagne dans leurs démarches scolaires professionnelles ' +
  'permanences dans les communes du secteur ateliers collectifs information métiers apprentissage reprise études ' +
  'handicap logement santé mobilité droits aides financières documentation en libre accès numérique'
).split(' ')

/** French-looking prose of `length` characters, different for each `seed` (bzip2 is slow on repetitive text, and unrealistic). */
export function fillerText(length: number, seed = 1): string {
  let s = seed >>> 0 || 1
  let text = ''
  while (text.length < length) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    text += WORDS[(s >>> 8) % WORDS.length] + ((s & 0xff) < 16 ? '. ' : ' ')
  }
  return text.slice(0, length)
}

let serial = 0

/** A UUID-shaped id, distinct for each record built in this process. */
export function fixtureUuid(n = ++serial): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`
}

/** One record in the published layout and field order (see the verbatim mairie record). */
export function dilaService(input: DilaServiceInput = {}): DilaService {
  const { type = 'cio', insee = '02408', commune = 'Laon', postcode = '02000', zone, coordinates, padding = 0, ...overrides } = input
  const id = overrides.id ?? fixtureUuid()
  const [longitude, latitude] = coordinates ?? ['3.62451005', '49.5640983582']
  const text = fillerText(padding, serial)
  const record: DilaService = {
    plage_ouverture: [
      {
        nom_jour_debut: 'Lundi', nom_jour_fin: 'Vendredi', valeur_heure_debut_1: '09:00:00', valeur_heure_fin_1: '12:30:00',
        valeur_heure_debut_2: '13:30:00', valeur_heure_fin_2: '17:00:00', commentaire: ''
      },
      {
        nom_jour_debut: 'Samedi', nom_jour_fin: 'Samedi', valeur_heure_debut_1: '09:00:00', valeur_heure_fin_1: '12:00:00',
        valeur_heure_debut_2: '', valeur_heure_fin_2: '', commentaire: 'Sur rendez-vous uniquement.'
      }
    ],
    site_internet: [{ libelle: '', valeur: `https://www.${type.replace(/_/g, '-')}-${insee}.example.fr` }],
    copyright: "Direction de l'information légale et administrative (Première ministre)",
    siren: '',
    ancien_code_pivot: `${type}-${insee}-01`,
    reseau_social: [],
    texte_reference: [],
    partenaire: '',
    telecopie: [],
    nom: `${NAMES[type] ?? type} - ${commune}`,
    siret: '',
    itm_identifiant: String(100000 + (serial % 900000)),
    sigle: '',
    affectation_personne: [],
    date_modification: '09/08/2025 13:30:19',
    adresse_courriel: [`${type.replace(/_/g, '-')}.${insee}@example.fr`],
    service_disponible: '',
    organigramme: [],
    pivot: [{ type_service_local: type, code_insee_commune: zone ?? [insee] }],
    partenaire_identifiant: '',
    ancien_identifiant: [],
    id,
    ancien_nom: [],
    commentaire_plage_ouverture: '',
    annuaire: [],
    tchat: [],
    hierarchie: [],
    categorie: 'SL',
    sve: [],
    telephone_accessible: [],
    application_mobile: [],
    version_type: 'Publiable',
    type_repertoire: '',
    telephone: [{ valeur: '03 23 64 27 77', description: '' }],
    version_etat_modification: '',
    date_creation: '18/01/2012 00:00:00',
    partenaire_date_modification: '',
    mission: text,
    formulaire_contact: [],
    version_source: '',
    type_organisme: '',
    code_insee_commune: insee,
    statut_de_diffusion: 'true',
    adresse: [
      {
        type_adresse: 'Adresse postale', complement1: '', complement2: '', numero_voie: '', service_distribution: 'BP 12',
        code_postal: postcode, nom_commune: commune, pays: '', continent: '', longitude: '', latitude: '', accessibilite: '', note_accessibilite: ''
      },
      {
        type_adresse: 'Adresse', complement1: 'Cité administrative', complement2: '', numero_voie: '2 rue Paul-Doumer', service_distribution: '',
        code_postal: postcode, nom_commune: commune, pays: '', continent: '', longitude, latitude, accessibilite: 'ACC', note_accessibilite: ''
      }
    ],
    url_service_public: `https://lannuaire.service-public.gouv.fr/hauts-de-france/aisne/${id}`,
    information_complementaire: text,
    date_diffusion: ''
  }
  return Object.assign(record, overrides)
}

/** The export's JSON text, one record a line, produced lazily. */
export function* exportJsonText(services: Iterable<DilaService>): Generator<string> {
  yield '{"service": [\n'
  let first = true
  for (const service of services) {
    yield (first ? '' : ',\n') + JSON.stringify(service)
    first = false
  }
  yield '\n]}\n'
}

/** Writes `{"service": [...]}` to `file`, gzip-compressed if asked; returns the bytes written. */
export async function writeExportJson(file: string, services: Iterable<DilaService>, gzip = false): Promise<number> {
  const out = createWriteStream(file)
  if (gzip) await pipeline(Readable.from(exportJsonText(services)), createGzip(), out)
  else await pipeline(Readable.from(exportJsonText(services)), out)
  return out.bytesWritten
}

export interface TarEntryInput {
  name: string
  /** The entry's bytes, from a file (streamed) or given here. */
  file?: string
  content?: string | Buffer
}

/** A bzip2-compressed tar, compressed by the system's `bzip2` as the publisher's archive is. */
export async function writeTarBz2(out: string, entries: TarEntryInput[]): Promise<void> {
  const pack = tar.pack()
  const bzip2 = spawn('bzip2', ['-c'], { stdio: ['pipe', 'pipe', 'inherit'] })
  const exited = new Promise<void>((resolve, reject) => {
    bzip2.once('error', reject)
    bzip2.once('close', (code) => code === 0 ? resolve() : reject(new Error(`bzip2 exited with code ${code}`)))
  })
  const filling = (async () => {
    for (const entry of entries) {
      if (entry.file !== undefined) {
        const { size } = await stat(entry.file)
        await pipeline(createReadStream(entry.file), pack.entry({ name: entry.name, size, mtime: new Date('2026-12-02T05:15:02Z') }))
      } else {
        await new Promise<void>((resolve, reject) => {
          pack.entry({ name: entry.name, mtime: new Date('2026-12-02T05:15:02Z') }, entry.content ?? '', (error) => error ? reject(error) : resolve())
        })
      }
    }
    pack.finalize()
  })()
  await Promise.all([filling, pipeline(pack, bzip2.stdin), pipeline(bzip2.stdout, createWriteStream(out)), exited])
}

/**
 * Writes `services` as the DILA publishes them and returns the file's path:
 * `<stamp>-data.gouv_local.json`, the same `.json.gz`, or `all_latest.tar.bz2` holding the JSON.
 */
export async function writeDilaExport(
  dir: string, services: Iterable<DilaService>, form: DilaExportFormInput, options: { stamp?: string; otherEntries?: TarEntryInput[] } = {}
): Promise<string> {
  const name = `${options.stamp ?? DEFAULT_STAMP}-data.gouv_local.json`
  await mkdir(dir, { recursive: true })
  if (form === 'json' || form === 'json.gz') {
    const file = join(dir, form === 'json' ? name : `${name}.gz`)
    await writeExportJson(file, services, form === 'json.gz')
    return file
  }
  const staging = join(dir, `.staging-${process.pid}-${++serial}`)
  await mkdir(staging, { recursive: true })
  try {
    const json = join(staging, name)
    await writeExportJson(json, services)
    const file = join(dir, 'all_latest.tar.bz2')
    await writeTarBz2(file, [...(options.otherEntries ?? []), { name, file: json }])
    return file
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
}

/** Cuts `file` to `fraction` of its size, as an interrupted download leaves it; returns the new size. */
export async function truncate(file: string, fraction: number): Promise<number> {
  const { size } = await stat(file)
  const length = Math.floor(size * fraction)
  await truncateFile(file, length)
  return length
}
