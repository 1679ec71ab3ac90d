// Resolvers: every query goes through the domain services and repositories REST uses.
import { datedSources } from '../sources/service.js'
import type { FastifyInstance } from 'fastify'
import type { IResolvers } from 'mercurius'
import { typesQuery } from '../glossary/schemas.js'
import { listTypesChecked } from '../glossary/service.js'
import { localizeType, type Translator, translator } from '../glossary/translations.js'
import type { Lang } from '../../lib/lang.js'
import { orientationQuery } from '../orientation/schemas.js'
import { answerOrientation } from '../orientation/service.js'
import { lieuxQuery, structuresQuery } from '../sites/query.js'
import { lieuxPage, structuresPage } from '../sites/service.js'
import { communeParams, communesQuery } from '../territories/schemas.js'
import { parseArgs, parseInput } from './arguments.js'
import { type Hours, type Ouverture, ouvertureOf } from '../opening/evaluate.js'
import { horairesLisibles } from '../opening/answer.js'
import { lieuCreationSchema, lieuPatchSchema, structurePatchSchema } from '../contributions/schemas.js'
import { closeLieu, createLieu, patchLieu, patchStructure, writtenLieu } from '../contributions/service.js'
import { inLang } from './lang.js'

type Args = Record<string, unknown>

/** The lieu as a write left it, with its version (the REST write's ETag). */
const lieuWritten = async (app: FastifyInstance, id: string) => {
  const { lieu, etag } = await writtenLieu(app, id)
  return { lieu, version: etag }
}

type LangArg = { lang?: Lang | null }
/** Each row in the field's `lang` (French when not given), marked for its nested fields. */
const localized = <T extends object>(lang: Lang | null | undefined, translate: (tr: Translator, row: T) => T) => {
  const tr = translator(lang ?? 'fr')
  return (row: T) => inLang(translate(tr, row), tr.lang)
}
const ctxApp = (ctx: { app: FastifyInstance }) => ctx.app

export const resolvers: IResolvers = {
  Query: {
    sources: async (_root, _args, ctx) =>
      (await datedSources(ctxApp(ctx).database)).map((source) => ({ ...source, comptes: JSON.stringify(source.comptes) })),
    types: async (_root, { lang, ...args }: Args & LangArg, ctx) =>
      (await listTypesChecked(ctxApp(ctx), parseArgs(typesQuery, args))).map(localized(lang, (tr, t) => localizeType(tr, t))),
    type: async (_root, { code, lang }: { code: string } & LangArg, ctx) =>
      (await ctxApp(ctx).glossary.typesByCodes([code])).map(localized(lang, (tr, t) => localizeType(tr, t)))[0] ?? null,
    missions: async (_root, { lang }: LangArg, ctx) => (await ctxApp(ctx).glossary.listMissions()).map(localized(lang, (tr, m) => tr.mission(m))),
    mission: async (_root, { code, lang }: { code: string } & LangArg, ctx) =>
      (await ctxApp(ctx).glossary.listMissions()).filter((m) => m.code === code).map(localized(lang, (tr, m) => tr.mission(m)))[0] ?? null,
    publics: async (_root, { lang }: LangArg, ctx) => (await ctxApp(ctx).glossary.listPublics()).map(localized(lang, (tr, p) => tr.public(p))),
    public: async (_root, { code, lang }: { code: string } & LangArg, ctx) =>
      (await ctxApp(ctx).glossary.listPublics()).filter((p) => p.code === code).map(localized(lang, (tr, p) => tr.public(p)))[0] ?? null,
    besoins: async (_root, { mission, lang }: { mission?: string[] | null } & LangArg, ctx) =>
      (await ctxApp(ctx).glossary.listBesoins({ mission: mission ?? undefined })).map(localized(lang, (tr, b) => tr.besoin(b))),
    situations: async (_root, { lang }: LangArg, ctx) => (await ctxApp(ctx).glossary.listSituations()).map(localized(lang, (tr, s) => tr.situation(s))),
    lieux: (_root, args: Args, ctx) => lieuxPage(ctxApp(ctx), parseArgs(lieuxQuery, args)),
    lieu: (_root, { id }: { id: string }, ctx) => ctxApp(ctx).sites.getLieu(id),
    structures: (_root, args: Args, ctx) => structuresPage(ctxApp(ctx), parseArgs(structuresQuery, args)),
    structure: async (_root, { id }: { id: string }, ctx) => (await ctxApp(ctx).sites.structuresByIds([id]))[0] ?? null,
    orientation: async (_root, args: Args, ctx) => {
      const query = parseArgs(orientationQuery, args)
      const answer = await answerOrientation(ctxApp(ctx), query)
      const lang = query.lang ?? 'fr'
      return { ...answer, recommandations: answer.recommandations.map((r) => inLang(r, lang)) }
    },
    communes: (_root, args: Args, ctx) => ctxApp(ctx).territories.searchCommunes(parseArgs(communesQuery, args)),
    commune: (_root, args: Args, ctx) => ctxApp(ctx).territories.getCommune(parseArgs(communeParams, args).code_insee),
    departements: (_root, args: { region?: string | null }, ctx) =>
      ctxApp(ctx).territories.listDepartements({ region: args.region ?? undefined }),
    regions: (_root, _args, ctx) => ctxApp(ctx).territories.listRegions()
  },
  Mutation: {
    modifierLieu: async (_root, { id, si_version, modification }: { id: string; si_version: string; modification: Args }, ctx) => {
      const app = ctxApp(ctx)
      const cle = await app.authenticateKey(ctx.reply.request)
      await patchLieu(app, cle, id, si_version, parseInput(lieuPatchSchema, modification))
      return lieuWritten(app, id)
    },
    fermerLieu: async (_root, { id, si_version }: { id: string; si_version: string }, ctx) => {
      const app = ctxApp(ctx)
      await closeLieu(app, await app.authenticateKey(ctx.reply.request), id, si_version)
      return lieuWritten(app, id)
    },
    ouvrirLieu: async (_root, { structure, lieu }: { structure: string; lieu: Args }, ctx) => {
      const app = ctxApp(ctx)
      const cle = await app.authenticateKey(ctx.reply.request)
      const { id } = await createLieu(app, cle, structure, parseInput(lieuCreationSchema, lieu))
      return lieuWritten(app, id)
    },
    modifierStructure: async (_root, { id, si_version, modification }: { id: string; si_version: string; modification: Args }, ctx) => {
      const app = ctxApp(ctx)
      const cle = await app.authenticateKey(ctx.reply.request)
      const { etag } = await patchStructure(app, cle, id, si_version, parseInput(structurePatchSchema, modification))
      return { structure: (await app.sites.structuresByIds([id]))[0], version: etag }
    }
  },
  Lieu: {
    // Computed from the lieu's hours, unless the list already did (REST's pages share the code).
    ouverture: (parent: Hours & { ouverture?: Ouverture }) => parent.ouverture ?? ouvertureOf(parent, new Date()),
    horaires_lisibles: (parent: Hours) => horairesLisibles(parent.horaires_accueil)
  },
  Type: {
    // The lieux of a type near a position: the same page as /v1/lieux?type=…
    lieux: (parent: { code: string }, args: Args, ctx) => lieuxPage(ctxApp(ctx), parseArgs(lieuxQuery, { ...args, type: [parent.code] }))
  }
}

