// GraphQL errors: each carries a code in `extensions`; nothing internal leaves the server.
import type { FastifyInstance } from 'fastify'
import { GraphQLError } from 'graphql'
import { isDatabaseUnavailable, RETRY_AFTER_OUTAGE_S } from '../../db/unavailable.js'
import { HttpProblem } from '../../lib/problem.js'

const CODES: Record<number, string> = {
  400: 'BAD_USER_INPUT', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 410: 'GONE', 412: 'PRECONDITION_FAILED',
  428: 'PRECONDITION_REQUIRED', 429: 'RATE_LIMITED', 503: 'SERVICE_UNAVAILABLE'
}

/** Problems that are about the service, not the query: the HTTP answer carries their status. */
const SERVICE_STATUSES = new Set([429, 503])

/** Codes of the requests refused before GraphQL reads them (fastify's body parsing, transport.ts). */
const TRANSPORT_CODES: Record<number, string> = {
  400: 'BAD_REQUEST', 405: 'METHOD_NOT_ALLOWED', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE'
}

/** A client error raised before execution: a status of 4xx from fastify or this module, or mercurius's GET of a mutation. */
function transportStatus(error: Error): number | null {
  const status = (error as { statusCode?: unknown }).statusCode
  if (typeof status === 'number' && status >= 400 && status < 500) return status
  if (/cannot be performed via a GET request/.test(error.message)) return 405
  return null
}

interface Formatted {
  message: string
  locations?: readonly { line: number; column: number }[]
  path?: readonly (string | number)[]
  extensions: Record<string, unknown>
}

function format(error: GraphQLError, log: FastifyInstance['log']): Formatted {
  const original = error.originalError
  const where = { ...(error.locations ? { locations: error.locations } : {}), ...(error.path ? { path: error.path } : {}) }
  if (original instanceof HttpProblem) {
    return {
      message: original.message,
      ...where,
      extensions: {
        code: CODES[original.status] ?? 'INTERNAL_SERVER_ERROR',
        ...(original.invalidParams ? { invalid_params: original.invalidParams } : {}),
        ...(SERVICE_STATUSES.has(original.status) ? { status: original.status } : {})
      }
    }
  }
  const transport = original ? transportStatus(original) : null
  if (original && transport) {
    return { message: original.message, extensions: { code: TRANSPORT_CODES[transport] ?? 'BAD_REQUEST', status: transport } }
  }
  if (original && isDatabaseUnavailable(original)) {
    log.warn({ err: original }, 'database unavailable')
    return { message: `The database is unavailable; retry in ${RETRY_AFTER_OUTAGE_S} s.`, ...where, extensions: { code: 'SERVICE_UNAVAILABLE', status: 503 } }
  }
  if (!original || original instanceof GraphQLError) {
    // Raised by graphql-js or by our validation rules: about the query, safe to show.
    const code = (error.extensions?.code as string | undefined)
      ?? (/Document contains more th(?:an|at) \d+ tokens/.test(error.message) ? 'QUERY_TOO_LARGE'
        : error.message.startsWith('Syntax Error') ? 'GRAPHQL_PARSE_FAILED' : 'GRAPHQL_VALIDATION_FAILED')
    return { message: error.message, ...where, extensions: { ...error.extensions, code } }
  }
  log.error({ err: original }, 'GraphQL resolver failed')
  return { message: 'An unexpected error occurred.', ...where, extensions: { code: 'INTERNAL_SERVER_ERROR' } }
}

/** mercurius errorFormatter: flattens validation errors, codes every error. */
export function errorFormatter(
  execution: { data?: unknown; errors?: readonly GraphQLError[] },
  context: { app: FastifyInstance }
): { statusCode: number; response: { data: unknown; errors: Formatted[] } } {
  const flat = (execution.errors ?? []).flatMap((error): GraphQLError[] => {
    const inner = (error.originalError as { errors?: unknown } | undefined)?.errors
    if (Array.isArray(inner)) {
      return inner.map((e) => (e instanceof GraphQLError ? e : new GraphQLError((e as Error).message, { originalError: e as Error })))
    }
    if (!(error instanceof GraphQLError)) return [new GraphQLError((error as Error).message, { originalError: error as Error })]
    return [error]
  })
  const errors = flat.map((e) => format(e, context.app.log))
  // A query refused before execution is a bad request; errors during execution come with
  // whatever data could be resolved, as GraphQL over HTTP has it.
  const transport = errors.find((e) => typeof e.extensions.status === 'number')?.extensions.status as number | undefined
  const statusCode = transport ?? (execution.data ? 200 : errors.every((e) => e.extensions.code !== 'INTERNAL_SERVER_ERROR') ? 400 : 500)
  const reply = (context as { reply?: { header(name: string, value: string): unknown; getHeader(name: string): unknown } }).reply
  if (statusCode === 503 && reply && !reply.getHeader('retry-after')) reply.header('retry-after', String(RETRY_AFTER_OUTAGE_S))
  return { statusCode, response: { data: execution.data ?? null, errors } }
}
