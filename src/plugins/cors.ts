// Cross-origin reads: the API is public open data, so a page on any origin may call it (a
// regional portal, a youth site, a notebook). No credentials are ever involved: no cookie,
// no authentication, hence `*` and no Access-Control-Allow-Credentials.
import cors from '@fastify/cors'
import fp from 'fastify-plugin'

/** Response headers a browser script may read: paging, caching, limits, file names. */
export const EXPOSED_HEADERS = [
  'link', 'etag', 'last-modified', 'retry-after', 'content-disposition',
  'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'
]

export default fp(
  async function corsPlugin(app) {
    await app.register(cors, {
      origin: '*',
      methods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
      exposedHeaders: EXPOSED_HEADERS,
      // A preflight is cached a day: a portal's visitors do not pay it on every call.
      maxAge: 86_400
    })
  },
  { name: 'cors', dependencies: ['errors'] }
)
