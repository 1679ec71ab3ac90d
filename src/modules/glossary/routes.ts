// REST routes of the glossary: /v1/types, /v1/missions, /v1/publics, /v1/besoins, /v1/situations.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { answerLang, langParam } from '../../lib/lang.js'
import { notFound, problemResponses } from '../../lib/problem.js'
import { assertKnownCodes } from './known-codes.js'
import { listTypesChecked } from './service.js'
import { codeList } from '../../lib/params.js'
import type { GlossaryKind } from './repository.js'
import { localizeMissionDetail, localizePublicDetail, localizeType, localizeTypeDetail, translator } from './translations.js'
import {
  besoinSchema,
  listOf,
  missionDetailSchema,
  missionSchema,
  publicDetailSchema,
  publicSchema,
  situationSchema,
  typeDetailSchema,
  typeSummarySchema,
  typesQuery
} from './schemas.js'

const codeParam = z.strictObject({ code: z.string().min(1).max(64).meta({ description: 'The code', example: 'cio' }) })
const langQuery = z.strictObject({ lang: langParam })

export const glossaryRoutes: FastifyPluginAsyncZod = async function glossaryRoutes(app) {
  const repo = app.glossary

  const assertKnown = (parameter: string, kind: GlossaryKind, codes: string[] | undefined) =>
    assertKnownCodes(repo, parameter, kind, codes)

  app.get(
    '/v1/types',
    {
      schema: {
        tags: ['glossaire'],
        summary: 'Structure types of the AIO glossary',
        description: 'Every type, active ones first. Filters combine with AND; codes within one filter with OR.',
        querystring: typesQuery,
        response: { 200: listOf(typeSummarySchema, 'TypeList'), 400: problemResponses[400], 500: problemResponses[500] }
      }
    },
    async function listTypes(request, reply) {
      const tr = translator(answerLang(request, reply))
      const data = (await listTypesChecked(app, request.query)).map((t) => localizeType(tr, t))
      return { data, total: data.length }
    }
  )

  app.get(
    '/v1/types/:code',
    {
      schema: {
        tags: ['glossaire'],
        summary: 'One structure type, with its missions, publics, needs and lineage',
        params: codeParam,
        querystring: langQuery,
        response: { 200: typeDetailSchema, 400: problemResponses[400], 404: problemResponses[404], 500: problemResponses[500] }
      }
    },
    async function getType(request, reply) {
      const type = await repo.getType(request.params.code)
      if (!type) throw notFound(`No structure type with code ${request.params.code} (see /v1/types).`)
      return localizeTypeDetail(translator(answerLang(request, reply)), type)
    }
  )

  app.get(
    '/v1/missions',
    {
      schema: {
        tags: ['glossaire'],
        summary: 'The six fundamental missions of the AIO networks',
        querystring: langQuery,
        response: { 200: listOf(missionSchema, 'MissionList'), 400: problemResponses[400], 500: problemResponses[500] }
      }
    },
    async function listMissions(request, reply) {
      const data = (await repo.listMissions()).map(translator(answerLang(request, reply)).mission)
      return { data, total: data.length }
    }
  )

  app.get(
    '/v1/missions/:code',
    {
      schema: {
        tags: ['glossaire'],
        summary: 'One mission, with its needs and the types that serve it',
        params: codeParam,
        querystring: langQuery,
        response: { 200: missionDetailSchema, 400: problemResponses[400], 404: problemResponses[404], 500: problemResponses[500] }
      }
    },
    async function getMission(request, reply) {
      const mission = await repo.getMission(request.params.code)
      if (!mission) throw notFound(`No mission with code ${request.params.code} (see /v1/missions).`)
      return localizeMissionDetail(translator(answerLang(request, reply)), mission)
    }
  )

  app.get(
    '/v1/publics',
    {
      schema: {
        tags: ['glossaire'],
        summary: 'The publics the AIO networks serve',
        querystring: langQuery,
        response: { 200: listOf(publicSchema, 'PublicList'), 400: problemResponses[400], 500: problemResponses[500] }
      }
    },
    async function listPublics(request, reply) {
      const data = (await repo.listPublics()).map(translator(answerLang(request, reply)).public)
      return { data, total: data.length }
    }
  )

  app.get(
    '/v1/publics/:code',
    {
      schema: {
        tags: ['glossaire'],
        summary: 'One public, with the types that serve it and their conditions',
        params: codeParam,
        querystring: langQuery,
        response: { 200: publicDetailSchema, 400: problemResponses[400], 404: problemResponses[404], 500: problemResponses[500] }
      }
    },
    async function getPublic(request, reply) {
      const pub = await repo.getPublic(request.params.code)
      if (!pub) throw notFound(`No public with code ${request.params.code} (see /v1/publics).`)
      return localizePublicDetail(translator(answerLang(request, reply)), pub)
    }
  )

  app.get(
    '/v1/besoins',
    {
      schema: {
        tags: ['glossaire'],
        summary: 'Needs as a person says them, each attached to a mission',
        querystring: z.strictObject({ mission: codeList('Only needs of this mission.', 'accompagner-parcours'), lang: langParam }),
        response: { 200: listOf(besoinSchema, 'BesoinList'), 400: problemResponses[400], 500: problemResponses[500] }
      }
    },
    async function listBesoins(request, reply) {
      await assertKnown('mission', 'missions', request.query.mission)
      const data = (await repo.listBesoins({ mission: request.query.mission })).map(translator(answerLang(request, reply)).besoin)
      return { data, total: data.length }
    }
  )

  app.get(
    '/v1/situations',
    {
      schema: {
        tags: ['glossaire'],
        summary: 'Situations a network’s condition asks and a person can say (orientation’s `situation`)',
        description: 'A plan (apprenticeship, a craft, a business), a status (long-term unemployment, minimum benefits, a referral) ' +
          'or a level of study. A network whose condition asks one that the person has not said comes lower, with its condition stated.',
        querystring: langQuery,
        response: { 200: listOf(situationSchema, 'SituationList'), 400: problemResponses[400], 500: problemResponses[500] }
      }
    },
    async function listSituations(request, reply) {
      const data = (await repo.listSituations()).map(translator(answerLang(request, reply)).situation)
      return { data, total: data.length }
    }
  )
}
