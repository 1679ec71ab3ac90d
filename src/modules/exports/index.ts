import { constants } from 'node:zlib'
import compress from '@fastify/compress'
import fp from 'fastify-plugin'
import { exportsRoutes } from './routes.js'
import { type ExportsService, exportsService } from './service.js'

declare module 'fastify' {
  interface FastifyInstance {
    exports: ExportsService
  }
}

/** The bulk exports: `fastify.exports` (files, stats, package) and their REST routes. */
export default fp(
  async function exportsModule(app) {
    app.decorate('exports', exportsService(app.database))
    // Compression is scoped to the export routes: files of megabytes, read by few clients.
    await app.register(async function compressedExports(scope) {
      await scope.register(compress, {
        encodings: ['br', 'gzip', 'deflate'],
        customTypes: /^(text\/csv|application\/(geo\+json|x-ndjson|json))/,
        // Brotli's default quality (11) is for static assets; 4 streams faster than gzip -6.
        brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }
      })
      await scope.register(exportsRoutes)
    })
  },
  { name: 'exports', dependencies: ['database', 'glossary', 'sites'] }
)
