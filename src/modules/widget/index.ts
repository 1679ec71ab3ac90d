// The embeddable widget for partner portals: its script at /widget/aio.js, loadable from any
// origin (CORS and Cross-Origin-Resource-Policy allow it), cached and revalidated by ETag.
import fp from 'fastify-plugin'
import { widgetBundle } from './bundle.js'

export default fp(
  async function widgetModule(app) {
    // Built before the app is ready: a widget that does not compile fails the start.
    const bundle = await widgetBundle()
    app.get('/widget/aio.js', { schema: { hide: true } }, function widgetScript(request, reply) {
      reply.header('etag', bundle.etag).header('cache-control', 'public, max-age=300')
      if (request.headers['if-none-match'] === bundle.etag) return reply.code(304).send()
      return reply.type('text/javascript; charset=utf-8').send(bundle.code)
    })
  },
  { name: 'widget', dependencies: ['errors'] }
)
