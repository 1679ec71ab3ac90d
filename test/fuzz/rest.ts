// Property-based fuzzing of the REST API from its own OpenAPI document: every operation,
// every parameter, with values drawn from the schema, from the glossary's real codes, and
// from a catalogue of hostile inputs. The oracle: no 5xx, every 4xx problem+json with its
// status, every JSON 200 valid against the operation's declared response schema.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { HOSTILE_STRINGS, encodeQueryValue } from './hostile.js'

interface Parameter { name: string; in: 'query' | 'path'; schema: Schema }
interface Schema { type?: string; enum?: unknown[]; example?: unknown; minimum?: number; maximum?: number; items?: Schema; pattern?: string }
interface Operation { operationId: string; parameters?: Parameter[]; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }
export interface OpenApiDocument { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } }

/** Real values the API knows, by parameter name: they reach the code behind validation. */
export type KnownValues = Record<string, string[]>

export async function knownValues(app: FastifyInstance): Promise<KnownValues> {
  const codes = async (url: string, field = 'code') =>
    ((await app.inject(url)).json().data as Record<string, string>[]).map((row) => row[field]!)
  const [types, missions, publics, besoins, departements, regions] = await Promise.all([
    codes('/v1/types'), codes('/v1/missions'), codes('/v1/publics'), codes('/v1/besoins'),
    codes('/v1/territoires/departements'), codes('/v1/territoires/regions')
  ])
  const lieux = (await app.inject('/v1/lieux?code_departement=02&limit=5')).json().data as { id: string; structure_id?: string }[]
  const communes = ['02691', '02408', '75056', '97411', '2A004', '13055', '97615']
  const files = (await app.inject('/v1/exports')).json().resources.map((r: { dataset: string; format: string }) => `${r.dataset}.${r.format}`)
  return {
    code: [...types, ...missions, ...publics], type: types, mission: missions, public: publics, besoin: besoins,
    code_departement: departements, departement: departements, code_region: regions, region: regions,
    code_commune: communes, code_insee: communes, code_postal: ['02100', '75001', '97400', '20000'],
    id: lieux.map((l) => l.id), fichier: [...files, 'lieux.json', 'lieux.csv'],
    bbox: ['2.9,49.5,3.9,50.1', '-180,-90,180,90', '0,0,180,1', '3,49,2,50'],
    q: ['saint quentin', 'ste', 'cio', 'mission locale']
  }
}

function numberArbitrary(schema: Schema): fc.Arbitrary<number> {
  const inRange = schema.minimum !== undefined || schema.maximum !== undefined
    ? fc.double({ min: (schema.minimum ?? -1e6) - 10, max: (schema.maximum ?? 1e6) + 10, noNaN: true })
    : fc.double({ min: -200, max: 200, noNaN: true })
  return fc.oneof(inRange, fc.double(), fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(0, -0, 1e308, -1e308, 5e-324))
}

/** Raw query-string text for one parameter value (already percent-encoded, or deliberately not). */
function valueArbitrary(parameter: Parameter, known: KnownValues): fc.Arbitrary<string> {
  const schema = parameter.schema
  const item = schema.type === 'array' ? schema.items ?? {} : schema
  const candidates: fc.Arbitrary<string>[] = [
    fc.constantFrom(...HOSTILE_STRINGS).map(encodeQueryValue),
    fc.string({ unit: 'binary', maxLength: 40 }).map(encodeQueryValue),
    fc.string({ maxLength: 12 }).map(encodeQueryValue)
  ]
  const real = known[parameter.name]
  if (real && real.length > 0) candidates.push(fc.constantFrom(...real).map(encodeQueryValue), fc.constantFrom(...real).map(encodeQueryValue))
  if (item.enum) candidates.push(fc.constantFrom(...item.enum.map(String)).map(encodeQueryValue))
  if (item.type === 'number' || item.type === 'integer') candidates.push(numberArbitrary(item).map(String), numberArbitrary(item).map(String))
  const single = fc.oneof(...candidates)
  if (schema.type !== 'array') return single
  // Lists: comma-separated in one value, sometimes empty items.
  return fc.array(single, { minLength: 1, maxLength: 4 }).map((values) => values.join(','))
}

export interface RestCase { method: 'GET'; url: string; operation: string }

export function restCases(document: OpenApiDocument, known: KnownValues): fc.Arbitrary<RestCase> {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).filter(([method]) => method === 'get').map(([, op]) => ({ path, op }))
  )
  return fc.constantFrom(...operations).chain(({ path, op }) => {
    const parameters = op.parameters ?? []
    const pathParams = parameters.filter((p) => p.in === 'path')
    const queryParams = parameters.filter((p) => p.in === 'query')
    const pathValues = fc.tuple(...pathParams.map((p) => valueArbitrary(p, known)))
    // A random subset of the query parameters, plus sometimes one the API does not know.
    const query = fc.subarray(queryParams, { maxLength: Math.min(5, queryParams.length) }).chain((chosen) =>
      fc.tuple(fc.constant(chosen), fc.tuple(...chosen.map((p) => valueArbitrary(p, known))), fc.option(fc.constantFrom('unknown', 'limit', 'lat'), { freq: 4 }))
    )
    return fc.tuple(pathValues, query).map(([values, [chosen, queryValues, extra]]) => {
      let url = path
      pathParams.forEach((p, i) => (url = url.replace(`{${p.name}}`, values[i] || '%20')))
      const pairs = chosen.map((p, i) => `${p.name}=${queryValues[i]}`)
      if (extra) pairs.push(`${extra}=1`)
      return { method: 'GET' as const, url: pairs.length ? `${url}?${pairs.join('&')}` : url, operation: op.operationId }
    })
  })
}

/** Validators of each operation's JSON 200 body, compiled once from the document. */
export function responseValidators(document: OpenApiDocument): Map<string, ValidateFunction> {
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false })
  ajv.addSchema({ $id: 'openapi.json', components: document.components })
  const rebase = (schema: unknown): unknown =>
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/'))
  const validators = new Map<string, ValidateFunction>()
  for (const methods of Object.values(document.paths)) {
    for (const op of Object.values(methods)) {
      const schema = op.responses['200']?.content?.['application/json']?.schema
      if (schema) validators.set(op.operationId, ajv.compile(rebase(schema) as object))
    }
  }
  return validators
}

export interface Verdict { ok: boolean; status: number; reason?: string }

/** The oracle: what any answer of the API must be, whatever was asked. */
export async function checkRest(app: FastifyInstance, request: RestCase, validators: Map<string, ValidateFunction>): Promise<Verdict> {
  const res = await app.inject({ method: request.method, url: request.url })
  const type = String(res.headers['content-type'] ?? '')
  const status = res.statusCode
  if (res.statusCode >= 500) return { ok: false, status, reason: `${res.statusCode}: ${res.body.slice(0, 300)}` }
  if (res.statusCode >= 400) {
    if (!type.startsWith('application/problem+json')) return { ok: false, status, reason: `${res.statusCode} as ${type}` }
    const problem = res.json() as { status?: number; title?: string; detail?: string }
    if (problem.status !== res.statusCode || !problem.title) return { ok: false, status, reason: `problem body ${res.body.slice(0, 200)}` }
    return { ok: true, status }
  }
  if (res.statusCode === 200 && type.startsWith('application/json')) {
    const validate = validators.get(request.operation)
    if (validate && !validate(res.json())) {
      return { ok: false, status, reason: `200 not as declared: ${JSON.stringify(validate.errors?.slice(0, 3))}` }
    }
  }
  return { ok: true, status }
}
