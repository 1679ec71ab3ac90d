// The embeddable widget for partner portals: its scripts under /widget/ (loadable from any
// origin: CORS and Cross-Origin-Resource-Policy allow it, cached and revalidated by ETag),
// the iframe pages /widget/orientation and /widget/lieux (framable by any site), the map page
// /widget/carte drawing the vector tiles (framable too), and the configurator /widget where a
// portal builds its snippet.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import fp from 'fastify-plugin'
import { z } from 'zod'
import { projectRoot } from '../../config.js'
import { sendStaticAsset, staticAsset } from '../../lib/static-asset.js'
import { widgetBundle } from './bundle.js'
import { widgetPageHeaders } from './page-headers.js'

const PAGES = path.join(projectRoot, 'src/modules/widget/pages')
const page = (file: string, type = 'text/html; charset=utf-8') => staticAsset(readFileSync(path.join(PAGES, file)), type)
// Five minutes: a portal's visitors get a new widget soon after the API changes.
const MAX_AGE_S = 300

export default fp(
  async function widgetModule(app) {
    // Built before the app is ready: a widget that does not compile fails the start.
    const { files } = await widgetBundle()
    const framePage = page('frame.html')
    const configurator = page('configurator.html')
    const css = page('page.css', 'text/css; charset=utf-8')
    // The journey as a person sees it: the configurator's preview image (and the README's).
    const preview = page('apercu.png', 'image/png')
    const mapPage = page('carte.html')
    // The map page's Leaflet styles, as a file: its CSP allows no inline style.
    const leafletCss = staticAsset(readFileSync(createRequire(import.meta.url).resolve('leaflet/dist/leaflet.css')), 'text/css; charset=utf-8')

    app.get(
      '/widget/:file',
      { schema: { hide: true, params: z.object({ file: z.string().max(80) }) } },
      function widgetFile(request, reply) {
        const { file } = request.params as { file: string }
        if (file === 'page.css') return sendStaticAsset(request, reply, css, MAX_AGE_S)
        if (file === 'apercu.png') return sendStaticAsset(request, reply, preview, MAX_AGE_S)
        if (file === 'leaflet.css') return sendStaticAsset(request, reply, leafletCss, MAX_AGE_S)
        if (file === 'carte') {
          widgetPageHeaders(reply, { framable: true })
          return sendStaticAsset(request, reply, mapPage, MAX_AGE_S)
        }
        if (file === 'orientation' || file === 'lieux') {
          widgetPageHeaders(reply, { framable: true })
          return sendStaticAsset(request, reply, framePage, MAX_AGE_S)
        }
        const asset = files.get(file)
        if (!asset) return reply.callNotFound()
        return sendStaticAsset(request, reply, asset, MAX_AGE_S)
      }
    )
    app.get('/widget', { schema: { hide: true } }, function widgetConfigurator(request, reply) {
      widgetPageHeaders(reply, { framable: false })
      return sendStaticAsset(request, reply, configurator, MAX_AGE_S)
    })
  },
  { name: 'widget', dependencies: ['errors'] }
)
