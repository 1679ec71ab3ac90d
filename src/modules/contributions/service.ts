// A structure's edit of its lieu, in one transaction: the lieu locked, the key's scope and the
// lieu's version checked, the fields validated, the changed ones written with their history.
// A refusal anywhere rolls everything back: the row and its history are as they were.
import { sql, type SQL } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import OpeningHours from 'opening_hours'
import { badRequest, HttpProblem, notFound } from '../../lib/problem.js'
import { normalizePhone } from '../sites/normalize.js'
import { ifMatchVersions, lieuEtag } from '../sites/etag.js'
import type { Cle, EditableLieu } from './repository.js'
import type { Tx } from '../sites/lieux-writer.js'
import type { LieuPatch } from './schemas.js'
import { mayEdit, scopeInWords } from './scope.js'

/** A position farther than this from its commune's centre must at least lie in its département. */
const NEAR_OWN_CENTRE_KM = 10

type Values = Partial<Record<keyof LieuPatch | 'commune', unknown>>

/** The OSM opening_hours parser's verdict: null when valid, else its message. */
export function openingHoursError(value: string): string | null {
  try {
    // A French address, so that public holidays (PH) resolve.
    new OpeningHours(value, { lat: 48.86, lon: 2.35, address: { country_code: 'fr', state: '' } })
    return null
  } catch (error) {
    return String(error).split('\n')[0]!.trim()
  }
}

async function validated(app: FastifyInstance, tx: Tx, cle: Cle, lieu: EditableLieu, patch: LieuPatch): Promise<Values> {
  const values: Values = { ...patch }
  if (patch.horaires_accueil) {
    const error = openingHoursError(patch.horaires_accueil)
    if (error) throw badRequest('horaires_accueil', `not valid OSM opening_hours: ${error}`, 'body')
  }
  const codeInsee = patch.code_insee ?? lieu.code_insee
  if (patch.telephone) {
    values.telephone = normalizePhone(patch.telephone, codeInsee)
    if (!values.telephone) throw badRequest('telephone', 'not a phone number (a French number, +country…, or a 4-digit service number)', 'body')
  }
  let departement = lieu.code_departement
  if (patch.code_insee && patch.code_insee !== lieu.code_insee) {
    const commune = await app.contributions.commune(tx, patch.code_insee)
    if (!commune) throw badRequest('code_insee', `unknown commune ${patch.code_insee}`, 'body')
    values.commune = commune.nom
    departement = commune.departement
  }
  const moved = patch.latitude !== undefined || values.commune !== undefined
  if (moved && cle.portee !== 'admin') {
    const lat = patch.latitude ?? lieu.latitude
    const lon = patch.longitude ?? lieu.longitude
    const where = await app.contributions.pointDepartement(tx, lon, lat, codeInsee)
    const nearOwnCentre = where.ownCentreKm !== null && where.ownCentreKm <= NEAR_OWN_CENTRE_KM
    if (!nearOwnCentre && where.nearest !== departement) {
      throw badRequest(patch.latitude !== undefined ? 'latitude' : 'code_insee',
        `the position (${lat}, ${lon}) is not in the département of commune ${codeInsee} (${departement}); an admin key may set it anyway`, 'body')
    }
  }
  return values
}

/** The fields whose value changes, with their SQL assignment. */
function changes(lieu: EditableLieu, values: Values) {
  const before: Record<string, unknown> = {}
  const after: Record<string, unknown> = {}
  const set: SQL[] = []
  for (const [field, value] of Object.entries(values)) {
    if (field === 'latitude' || field === 'longitude') continue
    const current = lieu[field as keyof EditableLieu]
    if (JSON.stringify(current ?? null) === JSON.stringify(value ?? null)) continue
    before[field] = current ?? null
    after[field] = value ?? null
    set.push(field === 'modes_accueil'
      ? sql`${sql.identifier(field)} = ${sql.param(value)}::text[]`
      : sql`${sql.identifier(field)} = ${value ?? null}`)
  }
  if (values.latitude !== undefined && (values.latitude !== lieu.latitude || values.longitude !== lieu.longitude)) {
    Object.assign(before, { latitude: lieu.latitude, longitude: lieu.longitude })
    Object.assign(after, { latitude: values.latitude, longitude: values.longitude })
    set.push(sql`position = ST_SetSRID(ST_MakePoint(${values.longitude as number}, ${values.latitude as number}), 4326)::geography`,
      sql`precision_position = 'adresse'`)
  }
  return { before, after, set }
}

export interface Edited { etag: string; changed: string[] }

export async function patchLieu(app: FastifyInstance, cle: Cle, id: string, ifMatch: string | undefined, patch: LieuPatch): Promise<Edited> {
  const versions = ifMatchVersions(ifMatch)
  if (!versions) {
    throw new HttpProblem(428, 'Send If-Match with the ETag GET /v1/lieux/{id} gave: two editors then never overwrite each other unknowingly.')
  }
  const repo = app.contributions
  return repo.transaction(async (tx) => {
    const lieu = await repo.lieuForUpdate(tx, id)
    if (!lieu) throw notFound(`No lieu with id ${id}.`)
    if (!mayEdit(cle, lieu)) throw new HttpProblem(403, `This key may edit ${scopeInWords(cle)}, not lieu ${id}.`)
    if (!versions.includes(lieu.sequence)) {
      throw new HttpProblem(412, `The lieu changed since that ETag: its current one is ${lieuEtag(lieu.sequence)}. Read it again, then apply your change.`,
        undefined, { etag: lieuEtag(lieu.sequence) })
    }
    const { before, after, set } = changes(lieu, await validated(app, tx, cle, lieu, patch))
    const changed = Object.keys(after)
    if (changed.length === 0) return { etag: lieuEtag(lieu.sequence), changed }
    const sequence = await repo.updateLieu(tx, id, set, changed)
    await repo.addChange(tx, { objet: 'lieu', objetId: id, action: 'modification', cle: cle.id, avant: before, apres: after })
    return { etag: lieuEtag(sequence), changed }
  })
}
