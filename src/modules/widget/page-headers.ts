// The widget's pages show a map whose tiles come from a tile server, and the iframe page is
// meant to be framed by any site: their Content-Security-Policy says so, the API's other
// pages keep the strict default (frame-ancestors 'self').
import type { FastifyReply } from 'fastify'

/** The default basemap's tile host (OSM France), allowed as an image source on these pages. */
export const TILE_HOSTS = 'https://*.tile.openstreetmap.fr'

export function widgetPageHeaders(reply: FastifyReply, { framable }: { framable: boolean }) {
  const directives = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: ${TILE_HOSTS}`,
    "connect-src 'self'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
    `frame-ancestors ${framable ? '*' : "'self'"}`
  ]
  reply.header('content-security-policy', directives.join('; '))
  if (framable) reply.removeHeader('x-frame-options')
}
