// RFC 9457 problem details: the one error shape of the API.
import { z } from 'zod'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

export const invalidParamSchema = z.object({
  name: z.string().meta({ description: 'The parameter at fault', example: 'lat' }),
  in: z.enum(['query', 'path', 'header', 'body']),
  reason: z.string().meta({ example: 'must be at most 90' })
})

export const problemSchema = z
  .object({
    type: z.string().meta({ description: 'A URI reference identifying the problem type', example: 'about:blank' }),
    title: z.string().meta({ example: 'Bad Request' }),
    status: z.number().int().meta({ example: 400 }),
    detail: z.string().optional().meta({ example: 'lat: must be at most 90' }),
    instance: z.string().optional().meta({ example: '/v1/lieux?lat=91&lon=2' }),
    invalid_params: z.array(invalidParamSchema).optional()
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' })

export type Problem = z.infer<typeof problemSchema>
export type InvalidParam = z.infer<typeof invalidParamSchema>

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable'
}

export function titleFor(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error')
}

/** An error a handler throws to answer with a given problem. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly invalidParams?: InvalidParam[],
    readonly headers?: Record<string, string>
  ) {
    super(detail)
    this.name = 'HttpProblem'
  }
}

/** The parameters at fault in zod issues; unknown keys are each named. */
export function invalidParamsOf(
  issues: { path: readonly PropertyKey[]; code: string; message?: string; keys?: readonly string[] }[],
  where: InvalidParam['in']
): InvalidParam[] {
  return issues.flatMap((issue): InvalidParam[] =>
    issue.code === 'unrecognized_keys'
      ? (issue.keys ?? []).map((key) => ({ name: key, in: where, reason: 'unknown parameter' }))
      : [{ name: String(issue.path[0] ?? '') || '(request)', in: where, reason: issue.message ?? 'invalid value' }]
  )
}

export function badRequest(name: string, reason: string, where: InvalidParam['in'] = 'query'): HttpProblem {
  return new HttpProblem(400, `${name}: ${reason}`, [{ name, in: where, reason }])
}

export function notFound(detail: string): HttpProblem {
  return new HttpProblem(404, detail)
}

/** Standard problem responses to declare on every route, beside its own 200. */
export const problemResponses = {
  400: problemSchema.describe('Invalid parameter'),
  404: problemSchema.describe('Not found'),
  500: problemSchema.describe('Server error')
} as const
