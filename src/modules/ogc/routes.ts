// REST routes of OGC API Features — Part 1: Core (landing page, conformance, collections,
// items, one item) and Part 3's queryables, under /ogc.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { notFound, problemResponses } from '../../lib/problem.js'
import { GEOJSON } from '../sites/schemas.js'
import { ALL, baseOf, ogcCollections, ogcItems, toOgcFeature } from './service.js'
import {
  collectionParams,
  collectionSchema,
  collectionsSchema,
  conformanceSchema,
  featureCollectionSchema,
  featureParams,
  formatQuery,
  itemsQuery,
  landingSchema,
  ogcFeatureSchema,
  queryablesSchema
} from './schemas.js'

const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters'
]

const errors = { 400: problemResponses[400], 404: problemResponses[404], 500: problemResponses[500] }

export const ogcRoutes: FastifyPluginAsyncZod = async function ogcRoutes(app) {
  app.get('/ogc', {
    schema: { tags: ['ogc'], summary: 'OGC API Features landing page (add this URL as an OGC API Features source in QGIS)', querystring: formatQuery,
      response: { 200: landingSchema, 400: problemResponses[400], 500: problemResponses[500] } }
  }, async function ogcLanding(request) {
    const base = baseOf(app, request)
    return {
      title: 'API ouverte du réseau AIO — OGC API Features',
      description: "Les lieux d'accueil, d'information et d'orientation (CIO, Missions locales, France Travail, CIDFF…), géolocalisés.",
      links: [
        { href: `${base}/ogc`, rel: 'self', type: 'application/json', title: 'This document' },
        { href: `${base}/openapi.json`, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.1', title: 'The API definition (OpenAPI 3.1)' },
        { href: `${base}/docs`, rel: 'service-doc', type: 'text/html', title: 'The API documentation' },
        { href: `${base}/ogc/conformance`, rel: 'conformance', type: 'application/json', title: 'Conformance classes' },
        { href: `${base}/ogc/collections`, rel: 'data', type: 'application/json', title: 'Collections' }
      ]
    }
  })

  app.get('/ogc/conformance', {
    schema: { tags: ['ogc'], summary: 'The OGC conformance classes implemented', querystring: formatQuery,
      response: { 200: conformanceSchema, 400: problemResponses[400], 500: problemResponses[500] } }
  }, async function ogcConformance() {
    return { conformsTo: CONFORMANCE }
  })

  app.get('/ogc/collections', {
    schema: { tags: ['ogc'], summary: 'Collections: all lieux, and the lieux of each structure type', querystring: formatQuery,
      response: { 200: collectionsSchema, 400: problemResponses[400], 500: problemResponses[500] } }
  }, async function ogcCollectionList(request) {
    const base = baseOf(app, request)
    return { collections: await ogcCollections(app, base), links: [{ href: `${base}/ogc/collections`, rel: 'self', type: 'application/json' }] }
  })

  app.get('/ogc/collections/:collectionId', {
    schema: { tags: ['ogc'], summary: 'One collection', params: collectionParams, querystring: formatQuery, response: { 200: collectionSchema, ...errors } }
  }, async function ogcCollection(request) {
    const [collection] = await ogcCollections(app, baseOf(app, request), request.params.collectionId)
    if (!collection) throw notFound(`No collection ${request.params.collectionId} (see /ogc/collections).`)
    return collection
  })

  app.get('/ogc/collections/:collectionId/queryables', {
    schema: { tags: ['ogc'], summary: 'The filters items take, as a JSON Schema', params: collectionParams, querystring: formatQuery,
      response: { 200: queryablesSchema, ...errors } }
  }, async function ogcQueryables(request, reply) {
    const { collectionId } = request.params
    const [collection] = await ogcCollections(app, baseOf(app, request), collectionId)
    if (!collection) throw notFound(`No collection ${collectionId} (see /ogc/collections).`)
    const codes = async (list: Promise<{ code: string }[]>) => ({ type: 'string', enum: (await list).map((x) => x.code) })
    reply.type('application/schema+json')
    return {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: `${baseOf(app, request)}/ogc/collections/${collectionId}/queryables`,
      type: 'object',
      title: collection.title,
      properties: {
        ...(collectionId === ALL ? { type: { title: 'Type de structure', ...(await codes(app.glossary.listTypes())) } } : {}),
        mission: { title: 'Mission', ...(await codes(app.glossary.listMissions())) },
        public: { title: 'Public', ...(await codes(app.glossary.listPublics())) },
        besoin: { title: 'Besoin', ...(await codes(app.glossary.listBesoins())) },
        code_region: { title: 'Code région', type: 'string', pattern: '^\\d{2}$' },
        code_departement: { title: 'Code département', type: 'string', pattern: '^(\\d{2,3}|2[ABab])$' },
        code_epci: { title: 'Code EPCI (SIREN)', type: 'string', pattern: '^\\d{9}$' },
        code_insee: { title: 'Code INSEE de la commune', type: 'string', pattern: '^(\\d{5}|2[ABab]\\d{3})$' },
        q: { title: 'Recherche dans le nom et la commune', type: 'string' }
      },
      additionalProperties: false
    }
  })

  app.get('/ogc/collections/:collectionId/items', {
    schema: {
      tags: ['ogc'],
      summary: 'The features of a collection: bbox, limit, next links, and the /v1/lieux filters (type, territory, mission, public, need)',
      params: collectionParams,
      querystring: itemsQuery,
      response: { 200: featureCollectionSchema, ...errors }
    }
  }, async function ogcItemList(request, reply) {
    const { collectionId } = request.params
    if (collectionId !== ALL && !(await app.sites.typesWithLieux()).has(collectionId)) {
      throw notFound(`No collection ${collectionId} (see /ogc/collections).`)
    }
    reply.type(GEOJSON)
    return ogcItems(app, request, collectionId, request.query)
  })

  app.get('/ogc/collections/:collectionId/items/:featureId', {
    schema: { tags: ['ogc'], summary: 'One feature', params: featureParams, querystring: formatQuery, response: { 200: ogcFeatureSchema, ...errors } }
  }, async function ogcItem(request, reply) {
    const { collectionId, featureId } = request.params
    const lieu = await app.sites.getLieu(featureId)
    if (!lieu || lieu.statut !== 'actif' || (collectionId !== ALL && lieu.type.code !== collectionId)) {
      throw notFound(`No feature ${featureId} in collection ${collectionId}.`)
    }
    reply.type(GEOJSON)
    return toOgcFeature(lieu, baseOf(app, request))
  })
}
