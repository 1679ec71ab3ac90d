// Security headers on every response (helmet). The pages the API serves (/docs, /graphiql)
// load only their own scripts and styles, so a strict Content-Security-Policy holds for them.
import helmet from '@fastify/helmet'
import fp from 'fastify-plugin'

export default fp(
  async function securityHeaders(app) {
    await app.register(helmet, {
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          // Swagger UI and GraphiQL set style attributes at run time.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'connect-src': ["'self'"],
          // Local and plain-HTTP deployments exist (npm start, a LAN): do not force https.
          'upgrade-insecure-requests': null
        }
      },
      // Open data: other origins may load these responses (the widget's script, a map's GeoJSON).
      crossOriginResourcePolicy: { policy: 'cross-origin' },
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' }
    })
  },
  { name: 'security-headers' }
)
