// Pages of lieux and structures as both REST and GraphQL serve them: filters resolved,
// cursors checked and issued. The transports only add their own framing.
import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { instantOf, withOuverture } from '../opening/answer.js'
import type { z } from 'zod'
import { decodeCursor, encodeCursor } from '../../lib/cursor.js'
import { badRequest } from '../../lib/problem.js'
import { assertKnownCodes } from '../glossary/known-codes.js'
import { resolveLieuFilters } from './query.js'
import type { LieuFilters } from './repository.js'
import type { lieuxQuery, structuresQuery } from './query.js'
import type { Lieu, Structure } from './schemas.js'

/** Identifies a query's filters (not its page), so a cursor cannot be replayed on another. */
function fingerprint(filters: object): string {
  return createHash('sha256').update(JSON.stringify(filters)).digest('base64url').slice(0, 12)
}

export async function lieuxPage(
  app: FastifyInstance,
  query: Omit<z.infer<typeof lieuxQuery>, 'format'>
): Promise<{ data: Lieu[]; next_cursor: string | null }> {
  const { limit, cursor, a, ouvert, ouvert_a, ...filterQuery } = query
  const filters: LieuFilters = await resolveLieuFilters(app, filterQuery)
  const wantsOpen = ouvert === 'maintenant' || ouvert_a !== undefined
  const print = `${filters.position ? 'd' : 'n'}${wantsOpen ? 'o' : ''}:${fingerprint({ ...filters, ouvert_a })}`
  const decoded = cursor ? decodeCursor(cursor, app.config.CURSOR_SECRET, print) : undefined
  const after = decoded?.k
  if (after && (typeof after[0] === 'number') !== Boolean(filters.position)) throw badRequest('cursor', 'malformed cursor')
  // "Open now" pages are all of the first page's instant: they neither repeat nor skip a lieu.
  const openAt = !wantsOpen ? undefined : ouvert_a ? new Date(ouvert_a) : decoded?.t !== undefined ? new Date(decoded.t) : instantOf(a)
  const page = await app.sites.searchLieux({ ...filters, limit, after, ouvert: openAt ? await app.opening.openAt(openAt) : undefined })
  // Each lieu's answer at the instant asked (a), or at the instant it was found open.
  const at = a ? new Date(a) : openAt ?? new Date()
  const keep = ouvert === 'maintenant' && openAt ? { t: Math.floor(openAt.getTime() / 60_000) * 60_000 } : {}
  return {
    data: page.rows.map((lieu) => withOuverture(lieu, at)),
    next_cursor: page.nextKey ? encodeCursor({ k: page.nextKey, q: print, ...keep }, app.config.CURSOR_SECRET) : null
  }
}

export async function structuresPage(
  app: FastifyInstance,
  query: z.infer<typeof structuresQuery>
): Promise<{ data: Structure[]; next_cursor: string | null }> {
  const { type, q, modifie_depuis, limit, cursor } = query
  await assertKnownCodes(app.glossary, 'type', 'types', type)
  const print = `s:${fingerprint({ type, q, modifie_depuis })}`
  const after = cursor ? String(decodeCursor(cursor, app.config.CURSOR_SECRET, print).k[1]) : undefined
  const page = await app.sites.listStructures({ type, q, modifie_depuis, limit, after })
  return {
    data: page.rows,
    next_cursor: page.nextKey ? encodeCursor({ k: ['', page.nextKey], q: print }, app.config.CURSOR_SECRET) : null
  }
}
