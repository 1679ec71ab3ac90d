// Absolute links the API gives out (next pages, export files): on the public origin when the
// API runs behind a proxy (PUBLIC_BASE_URL), else on the origin the request came to.
import type { FastifyRequest } from 'fastify'

export function publicOrigin(request: FastifyRequest, base: string | undefined): string {
  return base?.replace(/\/$/, '') ?? `${request.protocol}://${request.host}`
}
