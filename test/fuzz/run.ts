// Runs both fuzzers against an app: used by the test (modest runs, fixed seed) and by
// `npm run fuzz` (long runs). A failure names the shrunk request and the oracle's reason.
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { checkGraphql, graphqlCases } from './graphql.js'
import { checkRest, knownValues, type OpenApiDocument, responseValidators, restCases } from './rest.js'

export interface FuzzOptions { runs: number; seed: number }

export interface FuzzResult { failed: boolean; report: string; statuses: Record<number, number> }

function resultOf<T>(details: fc.RunDetails<T>, statuses: Record<number, number>): FuzzResult {
  return {
    failed: details.failed,
    report: details.failed ? fc.defaultReportMessage(details) ?? 'failed' : `${details.numRuns} runs passed (seed ${details.seed})`,
    statuses
  }
}

export async function fuzzRest(app: FastifyInstance, { runs, seed }: FuzzOptions): Promise<FuzzResult> {
  const document = (await app.inject('/openapi.json')).json() as OpenApiDocument
  const validators = responseValidators(document)
  const known = await knownValues(app)
  const statuses: Record<number, number> = {}
  const details = await fc.check(
    fc.asyncProperty(restCases(document, known), async (request) => {
      const verdict = await checkRest(app, request, validators)
      statuses[verdict.status] = (statuses[verdict.status] ?? 0) + 1
      if (!verdict.ok) throw new Error(`GET ${request.url} → ${verdict.reason}`)
    }),
    { numRuns: runs, seed }
  )
  return resultOf(details, statuses)
}

export async function fuzzGraphql(app: FastifyInstance, { runs, seed }: FuzzOptions): Promise<FuzzResult> {
  const known = await knownValues(app)
  const statuses: Record<number, number> = {}
  const details = await fc.check(
    fc.asyncProperty(graphqlCases(app.graphql.schema, known), async (request) => {
      const verdict = await checkGraphql(app, request)
      statuses[verdict.status] = (statuses[verdict.status] ?? 0) + 1
      if (!verdict.ok) throw new Error(`${request.query} ${JSON.stringify(request.variables)} → ${verdict.reason}`)
    }),
    { numRuns: runs, seed }
  )
  return resultOf(details, statuses)
}
