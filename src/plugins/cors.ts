// Cross-origin calls: the API is public open data, so a page on any origin may call it (a
// regional portal, a youth site, a notebook), and a structure's own tool may send its edits
// (PATCH with its key in Authorization and If-Match). No cookie is ever involved: a key is a
// header the page sends itself, hence `*` and no Access-Control-Allow-Credentials.
import cors from '@fastify/cors'
import fp from 'fastify-plugin'

/** Response headers a browser script may read: paging, caching, limits, file names. */
export const EXPOSED_HEADERS = [
  'link', 'etag', 'last-modified', 'retry-after', 'content-disposition',
  'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'changements-jeton', 'location'
]

export default fp(
  async function corsPlugin(app) {
    await app.register(cors, {
      origin: '*',
      methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
      allowedHeaders: ['accept', 'accept-language', 'authorization', 'content-type', 'if-match', 'if-none-match'],
      exposedHeaders: EXPOSED_HEADERS,
      // A preflight is cached a day: a portal's visitors do not pay it on every call.
      maxAge: 86_400
    })
  },
  { name: 'cors', dependencies: ['errors'] }
)
