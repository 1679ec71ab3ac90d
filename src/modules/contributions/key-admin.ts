// Creating, listing and revoking keys, for `npm run keys` (and the tests): the checks a key
// needs before it is stored (its target exists), and its secret shown once.
import { newKey } from './keys.js'
import type { Cle, ContributionsRepository, Portee } from './repository.js'

export interface KeyRequest {
  libelle: string
  portee: Portee
  structure?: string
  reseau?: string
  departement?: string
  /** Days until it expires (365 by default). */
  jours?: number
}

export async function createKey(repo: ContributionsRepository, request: KeyRequest): Promise<{ cle: Cle; token: string }> {
  if (!request.libelle.trim()) throw new Error('a key needs a label (--label "…"): who holds it')
  if (request.portee === 'structure' && !(request.structure && (await repo.structureExists(request.structure)))) {
    throw new Error(`no structure with id ${request.structure ?? '(none)'} (see /v1/structures)`)
  }
  if (request.portee === 'reseau') {
    if (!request.reseau) throw new Error('a network key needs --network <type code>')
    if (request.departement && !(await repo.departementExists(request.departement))) throw new Error(`no département ${request.departement}`)
  }
  const jours = request.jours ?? 365
  if (!Number.isInteger(jours) || jours < 1 || jours > 3650) throw new Error('--days must be a whole number from 1 to 3650')
  const { id, token, empreinte } = await newKey()
  const cle = await repo.createKey({
    id,
    empreinte,
    libelle: request.libelle.trim(),
    portee: request.portee,
    structure: request.portee === 'structure' ? request.structure! : null,
    reseau: request.portee === 'reseau' ? request.reseau! : null,
    departement: request.portee === 'reseau' ? (request.departement ?? null) : null,
    expire_le: new Date(Date.now() + jours * 86_400_000).toISOString()
  })
  return { cle, token }
}
