// GraphQL over HTTP as its clients send it: a JSON body with a string `query`, or a GET for
// queries. Anything else is the client's mistake, answered as such (4xx with a code), not as
// an internal error.
import type { FastifyRequest } from 'fastify'

/** An error the GraphQL error formatter answers with its own status. */
export class TransportError extends Error {
  constructor(readonly statusCode: number, message: string) {
    super(message)
    this.name = 'TransportError'
  }
}

export async function checkTransport(request: FastifyRequest): Promise<void> {
  if (request.method !== 'POST' || !request.url.startsWith('/graphql')) return
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/json' && type !== 'application/graphql') {
    throw new TransportError(415, `content-type must be application/json (got ${type || 'none'})`)
  }
  const body = request.body
  if (type === 'application/json') {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new TransportError(400, Array.isArray(body) ? 'batched queries are not supported: send one object' : 'the body must be a JSON object')
    }
    const { query, variables } = body as { query?: unknown; variables?: unknown }
    if (typeof query !== 'string') throw new TransportError(400, '`query` must be a string')
    if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
      throw new TransportError(400, '`variables` must be a JSON object')
    }
  }
}

/** The query text of a GraphQL request, by GET or POST. */
export function querySource(request: FastifyRequest): string | undefined {
  const carrier = (request.method === 'GET' ? request.query : request.body) as { query?: unknown } | null | undefined
  return typeof carrier?.query === 'string' ? carrier.query : typeof request.body === 'string' ? request.body : undefined
}
