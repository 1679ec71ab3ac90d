// data·inclusion v1 records from the lieux: each lieu is a structure (a place where a person is
// received), and its type's offer there a service. Read page by page from the same repository
// as /v1/lieux; the crosswalk (crosswalk.ts) gives the v1 codes.
import { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import type { Lieu } from '../sites/schemas.js'
import { lieuxPage } from '../sites/service.js'
import type { TypeCrosswalk } from './crosswalk.js'

const httpUrl = (value: string | null) => (value && /^https?:\/\/[^\s]+\.[^\s]+$/.test(value) ? value : null)
const email = (value: string | null) => (value && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? value : null)
/** 3 to 150 characters, not ending with a full stop (the v1 rule for names). */
const name = (value: string) => value.slice(0, 150).replace(/\.+$/, '')
const orNull = <T>(list: T[]) => (list.length > 0 ? list : null)

function place(lieu: Lieu) {
  return {
    adresse: lieu.adresse,
    complement_adresse: lieu.complement_adresse,
    code_postal: lieu.code_postal && /^\d{5}$/.test(lieu.code_postal) ? lieu.code_postal : null,
    commune: lieu.commune,
    code_insee: lieu.code_insee,
    latitude: lieu.latitude,
    longitude: lieu.longitude,
    telephone: lieu.telephone,
    courriel: email(lieu.courriel),
    horaires_accueil: lieu.horaires_accueil
  }
}

export function diStructure(lieu: Lieu, type: TypeCrosswalk | undefined, base: string) {
  return {
    source: lieu.source,
    id: lieu.id,
    nom: name(lieu.nom),
    date_maj: lieu.date_maj,
    lien_source: `${base}/v1/lieux/${encodeURIComponent(lieu.id)}`,
    siret: lieu.structure.siret,
    site_web: httpUrl(lieu.site_web),
    description: null,
    ...place(lieu),
    // The DILA's ACC/DEM/NAC are not the link to an accessibility page that v1 asks for.
    accessibilite_lieu: null,
    reseaux_porteurs: orNull(type?.reseaux_porteurs ?? [])
  }
}

export function diService(lieu: Lieu, type: TypeCrosswalk | undefined, base: string) {
  const modes = lieu.modes_accueil.filter((m) => m === 'en-presentiel' || m === 'a-distance')
  return {
    source: lieu.source,
    structure_id: lieu.id,
    id: `${lieu.id}--${lieu.type.code}`,
    nom: name(type?.nom ?? lieu.type.nom),
    description: type?.description ?? lieu.type.nom,
    date_maj: lieu.date_maj,
    lien_source: `${base}/v1/lieux/${encodeURIComponent(lieu.id)}`,
    type: type?.type ?? null,
    thematiques: orNull(type?.thematiques ?? []),
    publics: orNull(type?.publics ?? []),
    modes_accueil: orNull(modes),
    // Offices receive the people of their area: the département is the coarse, honest bound.
    zone_eligibilite: lieu.code_departement ? [lieu.code_departement] : null,
    mobilisable_par: ['usagers'],
    modes_mobilisation: orNull([
      ...(modes.includes('en-presentiel') ? ['se-presenter'] : []),
      ...(lieu.telephone ? ['telephoner'] : []),
      ...(email(lieu.courriel) ? ['envoyer-un-courriel'] : [])
    ]),
    frais: null,
    ...place(lieu)
  }
}

export type DiKind = 'structures' | 'services'
const make = { structures: diStructure, services: diService }

/** One page of records, by the lieux' keyset (by name). */
export async function diPage(app: FastifyInstance, kind: DiKind, query: { limit: number; cursor?: string; type?: string[]; code_departement?: string[] }, base: string) {
  const page = await lieuxPage(app, query)
  const crosswalks = await app.dataInclusion.crosswalks()
  return { data: page.data.map((lieu) => make[kind](lieu, crosswalks.get(lieu.type.code), base)), next_cursor: page.next_cursor }
}

/** Every record as one JSON array, streamed page by page (a few thousand rows at a time in memory). */
export function diFile(app: FastifyInstance, kind: DiKind, base: string): Readable {
  async function* records() {
    yield '['
    let cursor: string | undefined
    let first = true
    do {
      const page = await diPage(app, kind, { limit: 2000, cursor }, base)
      for (const record of page.data) {
        yield `${first ? '' : ','}\n${JSON.stringify(record)}`
        first = false
      }
      cursor = page.next_cursor ?? undefined
    } while (cursor)
    yield '\n]\n'
  }
  return Readable.from(records())
}
