// Absolute links the API gives out (next pages, export files): on the public origin when the
// API runs behind a proxy (PUBLIC_BASE_URL), else on the origin a trusted proxy forwarded.
// Never from a client's own Host header: a request with `Host: evil.example` would otherwise
// plant links to that host in a response a shared cache may keep and serve to others.
import type { FastifyRequest } from 'fastify'
import type { Config } from '../config.js'

/** The origin of absolute links; '' (links relative to the API's own address) when none is known. */
export function publicOrigin(request: FastifyRequest, config: Pick<Config, 'PUBLIC_BASE_URL' | 'TRUST_PROXY'>): string {
  if (config.PUBLIC_BASE_URL) return config.PUBLIC_BASE_URL.replace(/\/$/, '')
  // With a trusted proxy, fastify reads protocol and host from X-Forwarded-Proto/-Host.
  if (config.TRUST_PROXY !== false && request.host) return `${request.protocol}://${request.host}`
  return ''
}

/**
 * An absolute origin for documents whose clients need absolute links (OGC API Features, the
 * data·inclusion `lien_source` URIs): the public origin when configured, else the origin the
 * client itself addressed. Behind a shared cache, set PUBLIC_BASE_URL.
 */
export function absoluteOrigin(request: FastifyRequest, config: Pick<Config, 'PUBLIC_BASE_URL' | 'TRUST_PROXY'>): string {
  return publicOrigin(request, config) || `${request.protocol}://${request.host}`
}
