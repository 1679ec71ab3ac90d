// REST routes of the territories: /v1/territoires/...
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { notFound, problemResponses } from '../../lib/problem.js'
import { listOf } from '../glossary/schemas.js'
import { communeDetailSchema, communeParams, communeSchema, communesQuery, departementSchema, regionSchema } from './schemas.js'

export const territoriesRoutes: FastifyPluginAsyncZod = async function territoriesRoutes(app) {
  const repo = app.territories

  app.get(
    '/v1/territoires/communes',
    {
      schema: {
        tags: ['territoires'],
        summary: 'Find a commune by name or postcode (autocomplete)',
        description:
          'Accent- and case-insensitive search on the start of the name or of a word in it ("saint quentin", "quentin", "eve" for Évreux); ' +
          'digits search postcodes (exact with five digits, prefix with fewer).',
        querystring: communesQuery,
        response: { 200: listOf(communeSchema, 'CommuneList'), 400: problemResponses[400], 500: problemResponses[500] }
      }
    },
    async function searchCommunes(request) {
      const data = await repo.searchCommunes(request.query)
      return { data, total: data.length }
    }
  )

  app.get(
    '/v1/territoires/communes/:code_insee',
    {
      schema: {
        tags: ['territoires'],
        summary: 'One commune, with its centre and the names of its département, région and EPCI',
        params: communeParams,
        response: { 200: communeDetailSchema, 400: problemResponses[400], 404: problemResponses[404], 500: problemResponses[500] }
      }
    },
    async function getCommune(request) {
      const commune = await repo.getCommune(request.params.code_insee)
      if (!commune) throw notFound(`No commune with INSEE code ${request.params.code_insee}.`)
      return commune
    }
  )

  app.get(
    '/v1/territoires/departements',
    {
      schema: {
        tags: ['territoires'],
        summary: 'Départements',
        querystring: z.strictObject({
          region: z.string().regex(/^\d{2}$/, 'must be a 2-digit région code').optional().meta({ example: '32' })
        }),
        response: { 200: listOf(departementSchema, 'DepartementList'), 400: problemResponses[400], 500: problemResponses[500] }
      }
    },
    async function listDepartements(request) {
      const data = await repo.listDepartements(request.query)
      return { data, total: data.length }
    }
  )

  app.get(
    '/v1/territoires/regions',
    {
      schema: {
        tags: ['territoires'],
        summary: 'Régions',
        querystring: z.strictObject({}),
        response: { 200: listOf(regionSchema, 'RegionList'), 400: problemResponses[400], 500: problemResponses[500] }
      }
    },
    async function listRegions() {
      const data = await repo.listRegions()
      return { data, total: data.length }
    }
  )
}
