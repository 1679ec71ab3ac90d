// Absolute links the API gives out (next pages, export files): on the public origin when the
// API runs behind a proxy (PUBLIC_BASE_URL), else on the origin the request came to.
import type { FastifyRequest } from 'fastify'

/** The origin of absolute links; '' (links relative to the host) when a request names no host (HTTP/1.0). */
export function publicOrigin(request: FastifyRequest, base: string | undefined): string {
  if (base) return base.replace(/\/$/, '')
  return request.host ? `${request.protocol}://${request.host}` : ''
}
