// HTTP caching for every read: a GET or HEAD answered 200 gets an ETag (a hash of the answer
// itself) and, unless its route set its own, `Cache-Control: public, max-age=HTTP_MAX_AGE_S,
// stale-while-revalidate`; a request whose If-None-Match names that ETag gets a 304 without
// the body. Then a shared cache (a CDN, nginx's proxy_cache) serves repeated reads itself and
// revalidates them cheaply, and a browser revalidates without downloading again.
//
// The ETag is the answer's hash, not the data revision alone: some answers move with the clock
// as well as with the data (a lieu's `ouverture`, "open now"), and a revision would call them
// unchanged. Hashing costs microseconds for a page; streamed answers (bulk exports) and routes
// that set their own ETag (a tile, a static file, a lieu — whose version ETag is for If-Match:
// its `ouverture` moves with the clock, so it is never answered 304) are left as made.
import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { matchesIfNoneMatch } from '../lib/conditional.js'

/** How long past max-age a cache that supports it may serve the old answer while it asks again. */
const STALE_WHILE_REVALIDATE_S = 30

function cacheable(request: FastifyRequest, reply: FastifyReply, payload: unknown): payload is string | Buffer {
  return (request.method === 'GET' || request.method === 'HEAD') &&
    reply.statusCode === 200 &&
    (typeof payload === 'string' || Buffer.isBuffer(payload)) &&
    !reply.hasHeader('etag') &&
    // What must never come from a cache (the probes) is not validated by one either.
    !/no-store/.test(String(reply.getHeader('cache-control') ?? ''))
}

export default fp(
  async function httpCache(app) {
    const maxAge = app.config.HTTP_MAX_AGE_S
    const publicCache = `public, max-age=${maxAge}, stale-while-revalidate=${STALE_WHILE_REVALIDATE_S}`

    app.addHook('onSend', async function readCaching(request, reply, payload) {
      if (!cacheable(request, reply, payload)) return payload
      const etag = `"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`
      reply.header('etag', etag)
      if (!reply.hasHeader('cache-control')) {
        // A read with a key may say what the key alone may see: for that client only.
        reply.header('cache-control', request.headers.authorization ? 'private, no-cache' : publicCache)
      }
      if (!matchesIfNoneMatch(request.headers['if-none-match'], etag)) return payload
      reply.code(304).removeHeader('content-length')
      return ''
    })
  },
  { name: 'http-cache', dependencies: ['config'] }
)
