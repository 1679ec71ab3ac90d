// Nested fields are batched per request (mercurius loaders): a page of 100 lieux with their
// type and structure costs one query for the page, one for the types, one for the
// structures, whatever the number of lieux.
import type { FastifyInstance } from 'fastify'
import type { MercuriusLoaders } from 'mercurius'
import type { TypeBase } from '../glossary/repository.js'
import { localizeType, translator } from '../glossary/translations.js'
import { inLang, langOf } from './lang.js'

type Q<T> = { obj: T; params: unknown }[]
const appOf = (ctx: { app: FastifyInstance }) => ctx.app
const unique = (values: string[]) => [...new Set(values)]
/** The glossary in the language of the object a nested field hangs from. */
const trOf = (obj: object) => translator(langOf(obj))

/** Active types first, then by acronym: the glossary order, applied to loaded types. */
function glossaryOrder(a: TypeBase, b: TypeBase): number {
  const active = Number(b.statut === 'actif') - Number(a.statut === 'actif')
  return active || a.sigle.localeCompare(b.sigle, 'fr', { sensitivity: 'base' }) || a.code.localeCompare(b.code)
}

/** The types of each list, in the language of the object each list belongs to. */
async function typesFor(app: FastifyInstance, codeLists: string[][], parents: object[]): Promise<TypeBase[][]> {
  const types = await app.glossary.typesByCodes(unique(codeLists.flat()))
  const byCode = new Map(types.map((t) => [t.code, t]))
  return codeLists.map((codes, i) => {
    const lang = langOf(parents[i]!)
    return codes.map((c) => byCode.get(c)).filter((t): t is TypeBase => t !== undefined).sort(glossaryOrder)
      .map((t) => inLang(localizeType(translator(lang), t), lang))
  })
}

function groupBy<T extends Record<K, string>, K extends string>(rows: T[], key: K): Map<string, Omit<T, K>[]> {
  const map = new Map<string, Omit<T, K>[]>()
  for (const row of rows) {
    const { [key]: k, ...rest } = row
    map.set(k, [...(map.get(k) ?? []), rest])
  }
  return map
}

export const loaders: MercuriusLoaders = {
  Type: {
    async missions(queries: Q<{ code: string }>, ctx) {
      const rows = groupBy(await appOf(ctx).glossary.missionsOfTypes(queries.map((q) => q.obj.code)), 'type')
      return queries.map((q) => (rows.get(q.obj.code) ?? []).map((m) => inLang(trOf(q.obj).mission(m), langOf(q.obj))))
    },
    async publics(queries: Q<{ code: string }>, ctx) {
      const rows = groupBy(await appOf(ctx).glossary.publicsOfTypes(queries.map((q) => q.obj.code)), 'type')
      return queries.map((q) => {
        const tr = trOf(q.obj)
        return (rows.get(q.obj.code) ?? []).map((p) => ({ ...tr.public(p), condition: tr.condition(q.obj.code, p.code, p.condition) }))
      })
    },
    async besoins(queries: Q<{ code: string }>, ctx) {
      const rows = groupBy(await appOf(ctx).glossary.besoinsOfTypes(queries.map((q) => q.obj.code)), 'type')
      return queries.map((q) => (rows.get(q.obj.code) ?? []).map(trOf(q.obj).besoin))
    },
    async predecesseurs(queries: Q<{ code: string }>, ctx) {
      const app = appOf(ctx)
      const refs = await app.glossary.predecessorsOfTypes(queries.map((q) => q.obj.code))
      return typesFor(app, queries.map((q) => refs.filter((r) => r.of === q.obj.code).map((r) => r.code)), queries.map((q) => q.obj))
    },
    async successeurs(queries: Q<{ remplace_par: string[] }>, ctx) {
      return typesFor(appOf(ctx), queries.map((q) => q.obj.remplace_par), queries.map((q) => q.obj))
    },
    async successeurs_actifs(queries: Q<{ code: string }>, ctx) {
      const app = appOf(ctx)
      return typesFor(app, await Promise.all(queries.map((q) => app.glossary.activeSuccessorCodes(q.obj.code))), queries.map((q) => q.obj))
    }
  },
  Mission: {
    async besoins(queries: Q<{ code: string }>, ctx) {
      const rows = await appOf(ctx).glossary.listBesoins({ mission: queries.map((q) => q.obj.code) })
      return queries.map((q) => rows.filter((b) => b.mission === q.obj.code).map(trOf(q.obj).besoin))
    },
    async types(queries: Q<{ code: string }>, ctx) {
      const app = appOf(ctx)
      const codes = await Promise.all(queries.map(async (q) => (await app.glossary.typesFor({ mission: [q.obj.code] })) ?? []))
      return typesFor(app, codes, queries.map((q) => q.obj))
    }
  },
  Public: {
    async types(queries: Q<{ code: string }>, ctx) {
      const app = appOf(ctx)
      const codes = await Promise.all(queries.map(async (q) => (await app.glossary.typesFor({ public: [q.obj.code] })) ?? []))
      return typesFor(app, codes, queries.map((q) => q.obj))
    }
  },
  Lieu: {
    async type(queries: Q<{ type: { code: string } }>, ctx) {
      return (await typesFor(appOf(ctx), queries.map((q) => [q.obj.type.code]), queries.map((q) => q.obj))).map((list) => list[0])
    },
    async structure(queries: Q<{ structure: { id: string } }>, ctx) {
      const structures = await appOf(ctx).sites.structuresByIds(unique(queries.map((q) => q.obj.structure.id)))
      const byId = new Map(structures.map((s) => [s.id, s]))
      return queries.map((q) => byId.get(q.obj.structure.id))
    }
  },
  Structure: {
    async type(queries: Q<{ type: { code: string } }>, ctx) {
      return (await typesFor(appOf(ctx), queries.map((q) => [q.obj.type.code]), queries.map((q) => q.obj))).map((list) => list[0])
    },
    async lieux(queries: Q<{ id: string }>, ctx) {
      const lieux = await appOf(ctx).sites.lieuxOfStructures(unique(queries.map((q) => q.obj.id)))
      return queries.map((q) => lieux.filter((l) => l.structure.id === q.obj.id))
    }
  },
  Recommandation: {
    async type(queries: Q<{ type: { code: string } }>, ctx) {
      return (await typesFor(appOf(ctx), queries.map((q) => [q.obj.type.code]), queries.map((q) => q.obj))).map((list) => list[0])
    }
  }
}
