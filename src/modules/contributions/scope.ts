// What a key may edit: a structure's key its own lieux; a network head's key the lieux of its
// network (within its département when it has one); an admin's key everything.
import type { Cle, EditableLieu, EditableStructure } from './repository.js'

export function mayEditStructure(cle: Cle, structure: Pick<EditableStructure, 'id' | 'type' | 'departements'>): boolean {
  switch (cle.portee) {
    case 'admin':
      return true
    case 'structure':
      return cle.structure === structure.id
    case 'reseau':
      return cle.reseau === structure.type && (cle.departement === null || structure.departements.includes(cle.departement))
  }
}

/** A lieu: as its structure, within the lieu's own département for a network head. */
export function mayEdit(cle: Cle, lieu: Pick<EditableLieu, 'structure' | 'type' | 'code_departement'>): boolean {
  return mayEditStructure(cle, { id: lieu.structure, type: lieu.type, departements: lieu.code_departement ? [lieu.code_departement] : [] })
}

export function scopeInWords(cle: Cle): string {
  switch (cle.portee) {
    case 'admin':
      return 'every lieu (admin)'
    case 'structure':
      return `the lieux of structure ${cle.structure}`
    case 'reseau':
      return `the lieux of network ${cle.reseau}${cle.departement ? ` in département ${cle.departement}` : ''}`
  }
}
