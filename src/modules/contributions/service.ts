// A structure's writes to its lieux, each in one transaction: the lieu locked, the key's scope
// and the lieu's version checked, the fields validated, the changed ones written with their
// history. A refusal anywhere rolls everything back: the row and its history are as they were.
import { randomBytes } from 'node:crypto'
import { sql, type SQL } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { ensureHoraires } from '../opening/horaires.js'
import { openingHoursError } from '../opening/validate.js'
import { badRequest, HttpProblem, notFound } from '../../lib/problem.js'
import { normalizePhone } from '../sites/normalize.js'
import { withOuverture } from '../opening/answer.js'
import { ifMatchVersions, lieuEtag, structureEtag, type Versioned } from '../sites/etag.js'
import type { Cle, EditableLieu } from './repository.js'
import type { Tx } from '../sites/lieux-writer.js'
import type { LieuCreation, LieuPatch, StructurePatch } from './schemas.js'
import { mayEdit, mayEditStructure, scopeInWords } from './scope.js'

/** A position farther than this from its commune's centre must at least lie in its département. */
const NEAR_OWN_CENTRE_KM = 10

type Values = Partial<Record<keyof LieuPatch | 'commune', unknown>>

async function validated(app: FastifyInstance, tx: Tx, cle: Cle, lieu: EditableLieu, patch: LieuPatch): Promise<Values> {
  const values: Values = { ...patch }
  if (patch.horaires_accueil) {
    const error = openingHoursError(patch.horaires_accueil, { strict: true })
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

function requireIfMatch(ifMatch: string | undefined, kind: Versioned = 'l'): number[] {
  const versions = ifMatchVersions(ifMatch, kind)
  if (!versions) {
    const read = kind === 'l' ? 'GET /v1/lieux/{id}' : 'GET /v1/structures/{id}'
    throw new HttpProblem(428, `Send If-Match with the ETag ${read} gave: two editors then never overwrite each other unknowingly.`)
  }
  return versions
}

/** A lieu as a write left it, open or not now, with its new ETag: what REST and GraphQL answer. */
export async function writtenLieu(app: FastifyInstance, id: string) {
  const found = await app.sites.getLieuVersioned(id)
  if (!found) throw notFound(`No lieu with id ${id}.`)
  // New hours count in "open now" at once (in this process; others within the minute).
  app.opening.forget()
  return { lieu: withOuverture(found.lieu, new Date()), etag: lieuEtag(found.version) }
}

/** Hours written to a lieu have their row for the open-now filter first (the trigger links it). */
async function withHoursRow(tx: Tx, values: Values): Promise<void> {
  if (typeof values.horaires_accueil === 'string') await ensureHoraires(tx, [values.horaires_accueil])
}

/** The lieu, locked, once the key may edit it and the version sent is its current one. */
async function lockedForEdit(app: FastifyInstance, tx: Tx, cle: Cle, id: string, versions: number[]): Promise<EditableLieu> {
  const lieu = await app.contributions.lieuForUpdate(tx, id)
  if (!lieu) throw notFound(`No lieu with id ${id}.`)
  if (!mayEdit(cle, lieu)) throw new HttpProblem(403, `This key may edit ${scopeInWords(cle)}, not lieu ${id}.`)
  if (!versions.includes(lieu.sequence)) {
    throw new HttpProblem(412, `The lieu changed since that ETag: its current one is ${lieuEtag(lieu.sequence)}. Read it again, then apply your change.`,
      undefined, { etag: lieuEtag(lieu.sequence) })
  }
  return lieu
}

export async function patchLieu(app: FastifyInstance, cle: Cle, id: string, ifMatch: string | undefined, patch: LieuPatch): Promise<Edited> {
  const versions = requireIfMatch(ifMatch)
  const repo = app.contributions
  return repo.transaction(async (tx) => {
    const lieu = await lockedForEdit(app, tx, cle, id, versions)
    if (lieu.statut === 'ferme') throw new HttpProblem(410, `Lieu ${id} is closed; an admin may reopen it by reverting its closure.`)
    const { before, after, set } = changes(lieu, await validated(app, tx, cle, lieu, patch))
    const changed = Object.keys(after)
    if (changed.length === 0) return { etag: lieuEtag(lieu.sequence), changed }
    await withHoursRow(tx, after)
    const sequence = await repo.updateLieu(tx, id, set, changed)
    await repo.addChange(tx, { objet: 'lieu', objetId: id, action: 'modification', cle: cle.id, avant: before, apres: after })
    return { etag: lieuEtag(sequence), changed }
  })
}

/** Closing a lieu keeps it (statut ferme): it leaves searches and exports, and stays in the feed. */
export async function closeLieu(app: FastifyInstance, cle: Cle, id: string, ifMatch: string | undefined): Promise<Edited> {
  const versions = requireIfMatch(ifMatch)
  const repo = app.contributions
  return repo.transaction(async (tx) => {
    const lieu = await lockedForEdit(app, tx, cle, id, versions)
    if (lieu.statut === 'ferme') throw new HttpProblem(410, `Lieu ${id} is already closed.`)
    const sequence = await repo.updateLieu(tx, id, [sql`statut = 'ferme'`], ['statut'])
    await repo.addChange(tx, { objet: 'lieu', objetId: id, action: 'fermeture', cle: cle.id, avant: { statut: 'actif' }, apres: { statut: 'ferme' } })
    return { etag: lieuEtag(sequence), changed: ['statut'] }
  })
}

/** A structure changes its own name, SIRET or web site. */
export async function patchStructure(app: FastifyInstance, cle: Cle, id: string, ifMatch: string | undefined, patch: StructurePatch): Promise<Edited> {
  const versions = requireIfMatch(ifMatch, 's')
  const repo = app.contributions
  return repo.transaction(async (tx) => {
    const structure = await repo.structureForEdit(tx, id)
    if (!structure) throw notFound(`No structure with id ${id}.`)
    if (!mayEditStructure(cle, structure)) throw new HttpProblem(403, `This key may edit ${scopeInWords(cle)}, not structure ${id}.`)
    if (!versions.includes(structure.sequence)) {
      throw new HttpProblem(412, `The structure changed since that ETag: its current one is ${structureEtag(structure.sequence)}.`,
        undefined, { etag: structureEtag(structure.sequence) })
    }
    const before: Record<string, unknown> = {}
    const after: Record<string, unknown> = {}
    const set: SQL[] = []
    for (const [field, value] of Object.entries(patch) as [keyof StructurePatch, string | null][]) {
      if ((structure[field] ?? null) === (value ?? null)) continue
      before[field] = structure[field] ?? null
      after[field] = value ?? null
      set.push(sql`${sql.identifier(field)} = ${value ?? null}`)
    }
    const changed = Object.keys(after)
    if (changed.length === 0) return { etag: structureEtag(structure.sequence), changed }
    const sequence = await repo.updateStructure(tx, id, set, changed)
    await repo.addChange(tx, { objet: 'structure', objetId: id, action: 'modification', cle: cle.id, avant: before, apres: after })
    return { etag: structureEtag(sequence), changed }
  })
}

/**
 * An admin undoes a change: its fields get their values from before it (a creation is undone
 * by closing the lieu, a closure by reopening it). The revert is a change itself, in the history.
 */
export async function revertChange(app: FastifyInstance, cle: Cle, id: string, changeId: number, ifMatch: string | undefined): Promise<Edited> {
  if (cle.portee !== 'admin') throw new HttpProblem(403, 'Only an admin key may revert a change.')
  const versions = requireIfMatch(ifMatch)
  const repo = app.contributions
  return repo.transaction(async (tx) => {
    const lieu = await lockedForEdit(app, tx, cle, id, versions)
    const change = await repo.changeOf(tx, 'lieu', id, changeId)
    if (!change) throw notFound(`No change ${changeId} of lieu ${id} (see /v1/lieux/${id}/historique).`)
    // A source's value the structure's edit outranked: reverting it takes the source's value.
    const undo = change.action === 'creation' ? { statut: 'ferme' } : change.action === 'fermeture' ? { statut: 'actif' }
      : change.action === 'valeur-source' ? change.apres : change.avant
    const { statut, ...fields } = undo as Values & { statut?: string }
    const { before, after, set } = changes(lieu, fields)
    if (statut !== undefined && statut !== lieu.statut) {
      Object.assign(before, { statut: lieu.statut })
      Object.assign(after, { statut })
      set.push(sql`statut = ${statut}`)
    }
    const changed = Object.keys(after)
    if (changed.length === 0) return { etag: lieuEtag(lieu.sequence), changed }
    await withHoursRow(tx, after)
    const sequence = await repo.updateLieu(tx, id, set, changed)
    await repo.addChange(tx, { objet: 'lieu', objetId: id, action: 'annulation', cle: cle.id, avant: before, apres: after, annule: changeId })
    return { etag: lieuEtag(sequence), changed }
  })
}

/** A new lieu of a structure, published by it: at its coordinates, else its commune's centre. */
export async function createLieu(app: FastifyInstance, cle: Cle, structureId: string, body: LieuCreation): Promise<{ id: string; etag: string }> {
  const repo = app.contributions
  return repo.transaction(async (tx) => {
    const structure = await repo.structureForUpdate(tx, structureId)
    if (!structure) throw notFound(`No structure with id ${structureId}.`)
    const commune = await repo.commune(tx, body.code_insee)
    if (!commune) throw badRequest('code_insee', `unknown commune ${body.code_insee}`, 'body')
    const target = { structure: structure.id, type: structure.type, code_departement: commune.departement }
    if (!mayEdit(cle, target)) throw new HttpProblem(403, `This key may edit ${scopeInWords(cle)}, not open a lieu for structure ${structureId}.`)
    const centre = await repo.communeCentre(tx, body.code_insee)
    const latitude = body.latitude ?? centre?.latitude
    const longitude = body.longitude ?? centre?.longitude
    if (latitude === undefined || longitude === undefined) {
      throw badRequest('latitude', `commune ${body.code_insee} has no known centre: give latitude and longitude`, 'body')
    }
    // Validated as an edit of an empty lieu standing at the commune's centre.
    const blank: EditableLieu = {
      id: '', ...target, nom: '', adresse: null, complement_adresse: null, code_postal: null, code_insee: body.code_insee,
      commune: commune.nom, latitude: centre?.latitude ?? latitude, longitude: centre?.longitude ?? longitude, telephone: null,
      courriel: null, site_web: null, horaires_accueil: null, accessibilite: null, modes_accueil: [], statut: 'actif', sequence: 0
    }
    const { latitude: _lat, longitude: _lon, ...values } = await validated(app, tx, cle, blank, body)
    const id = `contribution-${randomBytes(6).toString('hex')}`
    const fields = { ...values, commune: commune.nom }
    await withHoursRow(tx, fields)
    const sequence = await repo.insertLieu(tx, {
      id, structure: structure.id, type: structure.type, values: fields, latitude, longitude,
      precision: body.latitude === undefined ? 'commune' : 'adresse'
    })
    await repo.addChange(tx, { objet: 'lieu', objetId: id, action: 'creation', cle: cle.id, avant: {},
      apres: { ...fields, latitude, longitude, statut: 'actif' } })
    return { id, etag: lieuEtag(sequence) }
  })
}
