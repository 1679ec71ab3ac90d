// GraphiQL at /graphiql with its scripts and styles served from the API's own dependencies:
// mercurius's page loaded GraphiQL, React and ReactDOM from a CDN, a blank page offline and a
// page a strict Content-Security-Policy would block.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { projectRoot } from '../../config.js'
import { sendStaticAsset, staticAsset } from '../../lib/static-asset.js'

const require = createRequire(import.meta.url)
/** A file inside an installed package, whatever subpaths the package exports. */
const packageFile = (name: string, file: string) => path.join(path.dirname(require.resolve(`${name}/package.json`)), file)
const pageDir = path.join(projectRoot, 'src/modules/graphql/graphiql')

const JS = 'text/javascript; charset=utf-8'
const CSS = 'text/css; charset=utf-8'

/** Each asset by its public name: the file and its media type. Nothing else is served. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: packageFile('react', 'umd/react.production.min.js'), type: JS },
  'react-dom.js': { file: packageFile('react-dom', 'umd/react-dom.production.min.js'), type: JS },
  'graphiql.js': { file: packageFile('graphiql', 'graphiql.min.js'), type: JS },
  'graphiql.css': { file: packageFile('graphiql', 'graphiql.min.css'), type: CSS },
  'start.js': { file: path.join(pageDir, 'start.js'), type: JS },
  'page.css': { file: path.join(pageDir, 'page.css'), type: CSS }
}

const load = (file: string, type: string) => staticAsset(readFileSync(file), type)
const HOUR_S = 3600

export async function graphiqlRoutes(app: FastifyInstance): Promise<void> {
  // Read once at start-up: a missing dependency fails the start, not a visitor's page.
  const page = load(path.join(pageDir, 'index.html'), 'text/html; charset=utf-8')
  const assets = new Map(Object.entries(ASSETS).map(([name, { file, type }]) => [name, load(file, type)]))

  app.get('/graphiql', { schema: { hide: true } }, function graphiqlPage(request, reply) {
    return sendStaticAsset(request, reply, page, HOUR_S)
  })

  app.get(
    '/graphiql/assets/:name',
    { schema: { hide: true, params: z.object({ name: z.string().max(40) }) } },
    function graphiqlAsset(request, reply) {
      const { name } = request.params as { name: string }
      const asset = assets.get(name)
      if (!asset) return reply.callNotFound()
      return sendStaticAsset(request, reply, asset, HOUR_S)
    }
  )
}
