// Writes by the structures themselves (with a key), and the public history of each lieu.
import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { notFound, problemResponses, problemSchema } from '../../lib/problem.js'
import { structureEtag } from '../sites/etag.js'
import { lieuSchema, structureDetailSchema } from '../sites/schemas.js'
import { historiqueSchema, lieuCreationSchema, lieuPatchSchema, structurePatchSchema } from './schemas.js'
import { closeLieu, createLieu, patchLieu, patchStructure, revertChange, writtenLieu } from './service.js'

/** A lieu's or a structure's id (a DILA structure shares its lieu's id). */
const idParams = z.strictObject({ id: z.string().min(1).max(200).meta({ example: 'dila-cio-02691-01' }) })

/** The refusals a write may get, beside the ones every route declares. */
export const writeResponses = {
  401: problemSchema.describe('No key, or a key that is malformed, unknown, revoked or expired (WWW-Authenticate says so)'),
  403: problemSchema.describe('The key may not edit this lieu (another structure’s, or outside its network or département)'),
  410: problemSchema.describe('The lieu is closed'),
  412: problemSchema.describe('If-Match is not the lieu’s current ETag: it changed since it was read (the response carries the current ETag)'),
  428: problemSchema.describe('If-Match is missing: send the ETag that GET /v1/lieux/{id} gave')
} as const

const ifMatchHeader = z.object({ 'if-match': z.string().max(200).optional().meta({ description: 'The lieu’s ETag, as GET /v1/lieux/{id} gave it' }) })

/** What an edit or a closure answers: the lieu as it now is, or why not. */
const editResponses = {
  200: lieuSchema,
  400: problemResponses[400],
  ...writeResponses,
  404: problemResponses[404],
  500: problemResponses[500]
}

export const contributionsRoutes: FastifyPluginAsyncZod = async function contributionsRoutes(app) {
  /** The lieu as it is after a write, with its new ETag (as GET /v1/lieux/{id} gives it). */
  async function sendLieu(id: string, reply: FastifyReply) {
    const { lieu, etag } = await writtenLieu(app, id)
    reply.header('etag', etag)
    return lieu
  }

  app.patch(
    '/v1/lieux/:id',
    {
      onRequest: app.requireKey,
      bodyLimit: 16 * 1024,
      schema: {
        tags: ['contributions'],
        summary: 'Change a lieu (its structure, with its key): JSON Merge Patch, with If-Match',
        description:
          'Send `Authorization: Bearer <key>` and `If-Match` with the ETag of `GET /v1/lieux/{id}`. The body names the fields ' +
          'to change (`application/merge-patch+json` or `application/json`): null clears a field, a field left out stays. ' +
          'The change and its history are written together; the answer is the lieu as it now is, with its new ETag. ' +
          'A field a structure publishes is kept by later imports of older records (see the README, "Precedence over imports").',
        params: idParams,
        headers: ifMatchHeader,
        body: lieuPatchSchema,
        security: [{ cle: [] }],
        response: editResponses
      }
    },
    async function patchLieuRoute(request, reply) {
      await patchLieu(app, request.cle!, request.params.id, request.headers['if-match'], request.body)
      return sendLieu(request.params.id, reply)
    }
  )

  app.delete(
    '/v1/lieux/:id',
    {
      onRequest: app.requireKey,
      schema: {
        tags: ['contributions'],
        summary: 'Close a lieu (its structure, with its key and If-Match): kept as statut ferme',
        description: 'The lieu leaves searches and exports; it stays at GET /v1/lieux/{id} (statut `ferme`), in its history and in the change feed.',
        params: idParams,
        headers: ifMatchHeader,
        security: [{ cle: [] }],
        response: editResponses
      }
    },
    async function closeLieuRoute(request, reply) {
      await closeLieu(app, request.cle!, request.params.id, request.headers['if-match'])
      return sendLieu(request.params.id, reply)
    }
  )

  app.post(
    '/v1/structures/:id/lieux',
    {
      onRequest: app.requireKey,
      bodyLimit: 16 * 1024,
      schema: {
        tags: ['contributions'],
        summary: 'Open a new lieu of a structure (with its key)',
        description: '`nom` and `code_insee` are required; without latitude and longitude the lieu stands at its commune’s centre ' +
          '(`precision_position: commune`). The answer is 201 with its Location and ETag.',
        params: idParams,
        body: lieuCreationSchema,
        security: [{ cle: [] }],
        response: {
          201: lieuSchema,
          400: problemResponses[400],
          401: writeResponses[401],
          403: writeResponses[403],
          404: problemResponses[404],
          500: problemResponses[500]
        }
      }
    },
    async function createLieuRoute(request, reply) {
      const { id } = await createLieu(app, request.cle!, request.params.id, request.body)
      reply.code(201).header('location', `/v1/lieux/${encodeURIComponent(id)}`)
      return sendLieu(id, reply)
    }
  )

  app.post(
    '/v1/lieux/:id/historique/:changement/annulation',
    {
      onRequest: app.requireKey,
      schema: {
        tags: ['contributions'],
        summary: 'Revert a change (admin key, with If-Match): the fields get their values from before it',
        description: 'A creation is reverted by closing the lieu, a closure by reopening it. The revert is a change of its own ' +
          '(`annulation`, with `annule` naming the change), so it can be reverted too.',
        params: z.strictObject({
          id: z.string().min(1).max(200).meta({ example: 'dila-cio-02691-01' }),
          changement: z.coerce.number().int().min(1).meta({ description: 'The change’s id in the history', example: 12 })
        }),
        headers: ifMatchHeader,
        security: [{ cle: [] }],
        response: editResponses
      }
    },
    async function revertChangeRoute(request, reply) {
      await revertChange(app, request.cle!, request.params.id, request.params.changement, request.headers['if-match'])
      return sendLieu(request.params.id, reply)
    }
  )

  app.patch(
    '/v1/structures/:id',
    {
      onRequest: app.requireKey,
      bodyLimit: 16 * 1024,
      schema: {
        tags: ['contributions'],
        summary: 'Change a structure (its name, SIRET, web site), with its key and If-Match',
        description: 'As PATCH /v1/lieux/{id}, with the ETag of GET /v1/structures/{id}.',
        params: idParams,
        headers: z.object({ 'if-match': z.string().max(200).optional().meta({ description: 'The structure’s ETag, as GET /v1/structures/{id} gave it' }) }),
        body: structurePatchSchema,
        security: [{ cle: [] }],
        response: {
          200: structureDetailSchema,
          400: problemResponses[400],
          401: writeResponses[401],
          403: writeResponses[403],
          404: problemResponses[404],
          412: problemSchema.describe('If-Match is not the structure’s current ETag (the response carries the current one)'),
          428: problemSchema.describe('If-Match is missing: send the ETag that GET /v1/structures/{id} gave'),
          500: problemResponses[500]
        }
      }
    },
    async function patchStructureRoute(request, reply) {
      await patchStructure(app, request.cle!, request.params.id, request.headers['if-match'], request.body)
      const structure = await app.sites.getStructure(request.params.id)
      if (!structure) throw notFound(`No structure with id ${request.params.id}.`)
      reply.header('etag', structureEtag((await app.sites.structureVersion(request.params.id)) ?? 0))
      return structure
    }
  )

  app.get(
    '/v1/structures/:id/historique',
    {
      schema: {
        tags: ['contributions'],
        summary: 'The changes the structure made to itself, oldest first',
        params: idParams,
        response: { 200: historiqueSchema, 400: problemResponses[400], 404: problemResponses[404], 500: problemResponses[500] }
      }
    },
    async function structureHistory(request) {
      if ((await app.sites.structureVersion(request.params.id)) === null) throw notFound(`No structure with id ${request.params.id}.`)
      const data = await app.contributions.history('structure', request.params.id)
      return { data, total: data.length }
    }
  )

  app.get(
    '/v1/lieux/:id/historique',
    {
      schema: {
        tags: ['contributions'],
        summary: 'The changes the structures made to a lieu, oldest first: which key, when, the fields before and after',
        params: idParams,
        response: { 200: historiqueSchema, 400: problemResponses[400], 404: problemResponses[404], 500: problemResponses[500] }
      }
    },
    async function lieuHistory(request) {
      if (!(await app.sites.getLieu(request.params.id))) throw notFound(`No lieu with id ${request.params.id}.`)
      const data = await app.contributions.history('lieu', request.params.id)
      return { data, total: data.length }
    }
  )
}
