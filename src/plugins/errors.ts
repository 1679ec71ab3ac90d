import type { Socket } from 'node:net'
import FindMyWay from 'find-my-way'
import fp from 'fastify-plugin'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { isDatabaseUnavailable, RETRY_AFTER_OUTAGE_S } from '../db/unavailable.js'
import {
  HttpProblem,
  invalidParamsOf,
  type InvalidParam,
  PROBLEM_CONTENT_TYPE,
  type Problem,
  titleFor
} from '../lib/problem.js'

const LOCATIONS: Record<string, InvalidParam['in']> = {
  querystring: 'query',
  params: 'path',
  headers: 'header',
  body: 'body'
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: Omit<Problem, 'type' | 'title' | 'instance'>) {
  const body: Problem = {
    type: 'about:blank',
    title: titleFor(problem.status),
    ...problem,
    instance: request.url
  }
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(body)
}

/** fastify-type-provider-zod's validation entries, back to the zod issues they came from. */
function issuesOf(validation: { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> }[]) {
  return validation.map((v) => ({
    path: v.instancePath.replace(/^\//, '').split('/').filter((p) => p !== ''),
    code: v.keyword,
    message: v.message,
    keys: v.params.keys as string[] | undefined
  }))
}

/**
 * fastify's own refusals before routing (`frameworkErrors`): a path that is not valid
 * percent-encoding (400), a path segment over the router's length (414); as problem+json too.
 */
export function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(reply, request, { status: error.statusCode ?? 400, detail: error.message })
}

/** Node's refusals before a request exists, by the parser's code. */
function clientErrorStatus(code: string | undefined): { status: number; detail: string } {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, detail: 'The request was not received in time.' }
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, detail: 'The request headers are too large.' }
  if (code === 'HPE_URI_TOO_LONG') return { status: 414, detail: 'The request line is too long.' }
  return { status: 400, detail: 'The request is not valid HTTP.' }
}

/**
 * fastify's clientErrorHandler: requests Node's HTTP parser refuses (a malformed request line,
 * headers too large, too slow) are answered as problem+json too, then the socket is closed.
 */
export function clientError(this: { log: FastifyRequest['log'] }, error: NodeJS.ErrnoException, socket: Socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const { status, detail } = clientErrorStatus(error.code)
  this.log.debug({ err: error }, 'client error')
  if (socket.writable) {
    const body = JSON.stringify({ type: 'about:blank', title: titleFor(status), status, detail })
    socket.write(
      `HTTP/1.1 ${status} ${titleFor(status)}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
    )
  }
  socket.destroy(error)
}

/**
 * Every error leaves as RFC 9457 problem+json: validation errors name the parameter and the
 * reason; a path served with other methods answers 405 with `Allow`; anything unexpected
 * is logged and answered with a bare 500 that leaks nothing.
 */
export default fp(
  async function errorsPlugin(app) {
    // A second router holding every route's path, to tell 404 from 405.
    const known = FindMyWay()
    app.addHook('onRoute', (route) => {
      // CORS preflights are answered on every path: not a sign that the path exists.
      if (route.url === '*' || route.path === '*') return
      const methods = Array.isArray(route.method) ? route.method : [route.method]
      for (const method of methods) {
        try {
          known.on(method.toUpperCase() as 'GET', route.url, () => {})
        } catch {
          // already known (e.g. HEAD added twice)
        }
      }
    })

    app.setErrorHandler(function handleError(error: FastifyError, request, reply) {
      if (error instanceof HttpProblem) {
        if (error.headers) reply.headers(error.headers)
        return sendProblem(reply, request, {
          status: error.status,
          detail: error.message,
          ...(error.invalidParams ? { invalid_params: error.invalidParams } : {})
        })
      }
      if (hasZodFastifySchemaValidationErrors(error)) {
        const where = LOCATIONS[error.validationContext ?? 'querystring'] ?? 'query'
        const params = invalidParamsOf(issuesOf(error.validation), where)
        return sendProblem(reply, request, {
          status: 400,
          detail: params.map((p) => `${p.name}: ${p.reason}`).join('; '),
          invalid_params: params
        })
      }
      if (isDatabaseUnavailable(error)) {
        // An outage, not a bug: the client is told when to come back; recovery is automatic.
        request.log.warn({ err: error }, 'database unavailable')
        reply.header('retry-after', String(RETRY_AFTER_OUTAGE_S))
        return sendProblem(reply, request, { status: 503, detail: `The database is unavailable; retry in ${RETRY_AFTER_OUTAGE_S} s.` })
      }
      const status = error.statusCode ?? 500
      if (status >= 500) {
        request.log.error({ err: error }, 'unhandled error')
        return sendProblem(reply, request, { status: 500, detail: 'An unexpected error occurred.' })
      }
      // Errors fastify raises itself (bad JSON body, unsupported media type, ...).
      return sendProblem(reply, request, { status, detail: error.message })
    })

    app.setNotFoundHandler(function handleNotFound(request, reply) {
      const path = request.url.split('?')[0] ?? '/'
      const allowed = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].filter(
        (method) => known.find(method as 'GET', path) !== null
      )
      if (allowed.length > 0) {
        reply.header('allow', allowed.join(', '))
        return sendProblem(reply, request, {
          status: 405,
          detail: `${request.method} is not allowed on ${path}; allowed: ${allowed.join(', ')}.`
        })
      }
      return sendProblem(reply, request, { status: 404, detail: `No resource at ${path}.` })
    })
  },
  { name: 'errors' }
)
