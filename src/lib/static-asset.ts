// Files the API serves as they are (GraphiQL's page and scripts, the widget's bundle): held
// in memory with a content hash as ETag, revalidated with a cheap 304.
import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { matchesIfNoneMatch } from './conditional.js'

export interface StaticAsset { body: Buffer; type: string; etag: string }

export function staticAsset(body: Buffer, type: string): StaticAsset {
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` }
}

export function sendStaticAsset(request: FastifyRequest, reply: FastifyReply, asset: StaticAsset, maxAgeS: number) {
  reply.header('etag', asset.etag).header('cache-control', `public, max-age=${maxAgeS}`)
  if (matchesIfNoneMatch(request.headers['if-none-match'], asset.etag)) return reply.code(304).send()
  return reply.type(asset.type).send(asset.body)
}
