// Vector tiles of the lieux for map makers (MapLibre, Leaflet, OpenLayers): the tiles and their
// TileJSON document.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { matchesIfNoneMatch } from '../../lib/conditional.js'
import { problemResponses } from '../../lib/problem.js'
import { absoluteOrigin } from '../../lib/public-url.js'
import { CELL, POINTS_FROM_ZOOM } from './repository.js'
import { tileJsonSchema, tileParams } from './schemas.js'
import { lieuxTile } from './service.js'

const MVT = 'application/vnd.mapbox-vector-tile'
const CACHE = 'public, max-age=300, stale-while-revalidate=60'

export const tilesRoutes: FastifyPluginAsyncZod = async function tilesRoutes(app) {
  app.get('/tiles/lieux/:z/:x/:tuile', {
    schema: {
      tags: ['tuiles'],
      summary: 'A vector tile of the lieux (Mapbox Vector Tile 2.1, layer lieux)',
      description: `Points with id, nom, type and sigle from zoom ${POINTS_FROM_ZOOM}; below, one point per cell of ${CELL} tile units with ` +
        'cluster=true and nombre (how many lieux). 204 when the tile is empty. ETag from the data revision: If-None-Match gives a 304.',
      params: tileParams,
      response: {
        200: z.string().meta({ description: 'The tile', mediaTypes: [MVT] }),
        204: z.null().meta({ description: 'No lieu in this tile' }),
        304: z.null().meta({ description: 'Not modified' }),
        400: problemResponses[400],
        500: problemResponses[500]
      }
    }
  }, async function getLieuxTile(request, reply) {
    const { z: zoom, x, tuile } = request.params
    const y = Number.parseInt(tuile, 10)
    const { tile, revision } = await lieuxTile(app, zoom, x, y)
    const etag = `"t${revision}-${zoom}-${x}-${y}"`
    reply.header('etag', etag).header('cache-control', CACHE)
    if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send(null)
    if (!tile) return reply.code(204).send(null)
    reply.type(MVT)
    return reply.send(tile as unknown as string)
  })

  app.get('/tiles/lieux.json', {
    schema: { tags: ['tuiles'], summary: 'TileJSON 3.0 of the lieux tiles (for MapLibre, Leaflet.VectorGrid, QGIS)', response: { 200: tileJsonSchema, 500: problemResponses[500] } }
  }, async function lieuxTileJson(request, reply) {
    const base = absoluteOrigin(request, app.config)
    const { all } = await app.ogc.extents()
    reply.header('cache-control', CACHE)
    return {
      tilejson: '3.0.0',
      name: "Lieux d'accueil du réseau AIO",
      description: "Les lieux d'accueil, d'information et d'orientation, regroupés aux petites échelles.",
      attribution: 'API ouverte du réseau AIO (DILA, ANCT)',
      scheme: 'xyz',
      tiles: [`${base}/tiles/lieux/{z}/{x}/{y}.mvt`],
      minzoom: 0,
      maxzoom: 16,
      bounds: all ?? [-180, -85.0511, 180, 85.0511],
      vector_layers: [{
        id: 'lieux',
        description: `Lieux from zoom ${POINTS_FROM_ZOOM}, clusters below`,
        minzoom: 0,
        maxzoom: 16,
        fields: { id: 'String', nom: 'String', type: 'String', sigle: 'String', cluster: 'Boolean', nombre: 'Number' }
      }]
    }
  })
}
