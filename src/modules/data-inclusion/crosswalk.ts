// The glossary's crosswalk to data·inclusion v1, per structure type: the thematiques of its
// needs (seeds/data-inclusion.json), its publics in the v1 vocabulary (publics.json's
// code_di_public), its service type (from its missions) and its network (types.json's
// correspondances.di_reseau_porteur).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { projectRoot } from '../../config.js'
import type { GlossaryRepository } from '../glossary/repository.js'

const seedSchema = z.object({
  thematiques: z.record(z.string(), z.array(z.string()).min(1)),
  type_de_service: z.record(z.string(), z.enum(['accompagnement', 'aide-financiere', 'aide-materielle', 'atelier', 'formation', 'information']))
})

export type DiSeed = z.infer<typeof seedSchema>

export function readDiSeed(): DiSeed {
  return seedSchema.parse(JSON.parse(readFileSync(path.join(projectRoot, 'seeds', 'data-inclusion.json'), 'utf8')))
}

export interface TypeCrosswalk {
  nom: string
  description: string
  thematiques: string[]
  publics: string[]
  type: string | null
  reseaux_porteurs: string[]
}

const unique = <T>(values: T[]) => [...new Set(values)]

/** Each type's data·inclusion values, from the glossary and the crosswalk seed. */
export async function typeCrosswalks(glossary: GlossaryRepository, seed: DiSeed): Promise<Map<string, TypeCrosswalk>> {
  const [types, publics] = await Promise.all([glossary.listTypes(), glossary.listPublics()])
  const diPublic = new Map(publics.map((p) => [p.code, p.code_di_public]))
  return new Map(types.map((t) => {
    // The service type of its first mission that has one: a network that accompanies is an accompaniment.
    const type = t.missions.map((m) => seed.type_de_service[m]).find(Boolean) ?? null
    return [t.code, {
      nom: t.nom,
      description: t.description,
      thematiques: unique(t.besoins.flatMap((b) => seed.thematiques[b] ?? [])),
      publics: unique(t.publics.map((p) => diPublic.get(p)).filter((p): p is string => Boolean(p))),
      type,
      reseaux_porteurs: t.correspondances.di_reseau_porteur ? [t.correspondances.di_reseau_porteur] : []
    }]
  }))
}
