// The embeddable widget for partner portals: its script at /widget/aio.js, loadable from any
// origin (CORS and Cross-Origin-Resource-Policy allow it), cached and revalidated by ETag.
import fp from 'fastify-plugin'
import { sendStaticAsset } from '../../lib/static-asset.js'
import { widgetBundle } from './bundle.js'

export default fp(
  async function widgetModule(app) {
    // Built before the app is ready: a widget that does not compile fails the start.
    const bundle = await widgetBundle()
    app.get('/widget/aio.js', { schema: { hide: true } }, function widgetScript(request, reply) {
      // Five minutes: a portal's visitors get a new widget soon after the API changes.
      return sendStaticAsset(request, reply, bundle, 300)
    })
  },
  { name: 'widget', dependencies: ['errors'] }
)
