// Resolvers: every query goes through the domain services and repositories REST uses.
import type { FastifyInstance } from 'fastify'
import type { IResolvers } from 'mercurius'
import { typesQuery } from '../glossary/routes.js'
import { listTypesChecked } from '../glossary/service.js'
import { translator } from '../glossary/translations.js'
import type { Lang } from '../../lib/lang.js'
import { orientationQuery } from '../orientation/schemas.js'
import { answerOrientation } from '../orientation/service.js'
import { lieuxQuery, structuresQuery } from '../sites/routes.js'
import { lieuxPage, structuresPage } from '../sites/service.js'
import { communesQuery } from '../territories/routes.js'
import { parseArgs } from './arguments.js'

type Args = Record<string, unknown>
type LangArg = { lang?: Lang | null }
/** The glossary in the field's `lang` (French when not given). */
const tr = (args: LangArg) => translator(args.lang ?? 'fr')
const ctxApp = (ctx: { app: FastifyInstance }) => ctx.app

export const resolvers: IResolvers = {
  Query: {
    types: (_root, args: Args, ctx) => listTypesChecked(ctxApp(ctx), parseArgs(typesQuery, args)),
    type: async (_root, { code }: { code: string }, ctx) => (await ctxApp(ctx).glossary.typesByCodes([code]))[0] ?? null,
    missions: async (_root, args: LangArg, ctx) => (await ctxApp(ctx).glossary.listMissions()).map(tr(args).mission),
    mission: async (_root, { code, ...args }: { code: string } & LangArg, ctx) =>
      (await ctxApp(ctx).glossary.listMissions()).filter((m) => m.code === code).map(tr(args).mission)[0] ?? null,
    publics: async (_root, args: LangArg, ctx) => (await ctxApp(ctx).glossary.listPublics()).map(tr(args).public),
    public: async (_root, { code, ...args }: { code: string } & LangArg, ctx) =>
      (await ctxApp(ctx).glossary.listPublics()).filter((p) => p.code === code).map(tr(args).public)[0] ?? null,
    besoins: async (_root, args: { mission?: string[] | null } & LangArg, ctx) =>
      (await ctxApp(ctx).glossary.listBesoins({ mission: args.mission ?? undefined })).map(tr(args).besoin),
    lieux: (_root, args: Args, ctx) => lieuxPage(ctxApp(ctx), parseArgs(lieuxQuery, args)),
    lieu: (_root, { id }: { id: string }, ctx) => ctxApp(ctx).sites.getLieu(id),
    structures: (_root, args: Args, ctx) => structuresPage(ctxApp(ctx), parseArgs(structuresQuery, args)),
    structure: async (_root, { id }: { id: string }, ctx) => (await ctxApp(ctx).sites.structuresByIds([id]))[0] ?? null,
    orientation: (_root, args: Args, ctx) => answerOrientation(ctxApp(ctx), parseArgs(orientationQuery, args)),
    communes: (_root, args: Args, ctx) => ctxApp(ctx).territories.searchCommunes(parseArgs(communesQuery, args)),
    commune: (_root, { code_insee }: { code_insee: string }, ctx) => ctxApp(ctx).territories.getCommune(code_insee),
    departements: (_root, args: { region?: string | null }, ctx) =>
      ctxApp(ctx).territories.listDepartements({ region: args.region ?? undefined }),
    regions: (_root, _args, ctx) => ctxApp(ctx).territories.listRegions()
  },
  Type: {
    // The lieux of a type near a position: the same page as /v1/lieux?type=…
    lieux: (parent: { code: string }, args: Args, ctx) => lieuxPage(ctxApp(ctx), parseArgs(lieuxQuery, { ...args, type: [parent.code] }))
  }
}

