// Property-based fuzzing of GraphQL from the served schema: every Query field, its arguments
// sent as variables (well-typed, ill-typed, missing or hostile), a selection of its fields.
// The oracle: never a 5xx, every error carries a code, none is INTERNAL_SERVER_ERROR.
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import {
  type GraphQLArgument, type GraphQLField, type GraphQLInputType, type GraphQLOutputType, type GraphQLSchema,
  getNamedType, isEnumType, isListType, isNonNullType, isObjectType, isScalarType
} from 'graphql'
import { HOSTILE_STRINGS } from './hostile.js'
import type { KnownValues, Verdict } from './rest.js'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

function inputArbitrary(type: GraphQLInputType, name: string, known: KnownValues): fc.Arbitrary<Json> {
  if (isNonNullType(type)) return inputArbitrary(type.ofType, name, known)
  if (isListType(type)) return fc.array(inputArbitrary(type.ofType as GraphQLInputType, name, known), { maxLength: 4 })
  const named = getNamedType(type)
  const wrong: fc.Arbitrary<Json> = fc.constantFrom<Json>(null, true, {}, [], 'x', 1.5, -1)
  if (isEnumType(named)) return fc.oneof(fc.constantFrom(...named.getValues().map((v) => v.name)), wrong)
  const strings = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 12 }), ...(known[name]?.length ? [fc.constantFrom(...known[name]!)] : []))
  switch (named.name) {
    case 'Int': return fc.oneof(fc.integer({ min: -10, max: 200 }), fc.integer(), fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 2 ** 53), wrong)
    case 'Float': return fc.oneof(fc.double({ min: -200, max: 200, noNaN: true }), fc.double({ noNaN: true, noDefaultInfinity: true }), wrong)
    case 'Boolean': return fc.oneof(fc.boolean(), wrong)
    default: return fc.oneof(strings, strings, wrong)
  }
}

/** A selection of the type's fields: its scalars, and one level of objects without required arguments. */
function selection(type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type)
  if (isScalarType(named) || isEnumType(named) || !isObjectType(named)) return ''
  const fields = Object.values(named.getFields()).filter((f) => !f.args.some((a) => isNonNullType(a.type)))
  const scalars = fields.filter((f) => { const n = getNamedType(f.type); return isScalarType(n) || isEnumType(n) }).slice(0, 6)
  const objects = depth > 0 ? fields.filter((f) => isObjectType(getNamedType(f.type))).slice(0, 2) : []
  const parts = [...scalars.map((f) => f.name), ...objects.map((f) => `${f.name} ${selection(f.type, depth - 1) || '{ __typename }'}`)]
  return `{ ${parts.length ? parts.join(' ') : '__typename'} }`
}

export interface GraphqlCase { query: string; variables: Record<string, Json> }

export function graphqlCases(schema: GraphQLSchema, known: KnownValues): fc.Arbitrary<GraphqlCase> {
  const fields = Object.values(schema.getQueryType()!.getFields()) as GraphQLField<unknown, unknown>[]
  return fc.constantFrom(...fields).chain((field) => {
    const args = field.args as GraphQLArgument[]
    const values = fc.tuple(...args.map((a) => fc.option(inputArbitrary(a.type, a.name, known), { freq: 3, nil: undefined })))
    return values.map((chosen) => {
      const used = args.filter((_, i) => chosen[i] !== undefined || isNonNullType(args[i]!.type))
      const declarations = used.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')
      const call = used.length ? `(${used.map((a) => `${a.name}: $${a.name}`).join(', ')})` : ''
      const query = `query Fuzz${declarations ? `(${declarations})` : ''} { ${field.name}${call} ${selection(field.type, 1)} }`
      const variables = Object.fromEntries(args.flatMap((a, i) => (chosen[i] === undefined ? [] : [[a.name, chosen[i]!]])))
      return { query, variables }
    })
  })
}

export async function checkGraphql(app: FastifyInstance, request: GraphqlCase): Promise<Verdict> {
  const res = await app.inject({ method: 'POST', url: '/graphql', payload: request })
  const status = res.statusCode
  if (res.statusCode >= 500) return { ok: false, status, reason: `${res.statusCode}: ${res.body.slice(0, 300)}` }
  const body = res.json() as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] }
  if (!('data' in body) && !body.errors) return { ok: false, status, reason: `neither data nor errors: ${res.body.slice(0, 200)}` }
  for (const error of body.errors ?? []) {
    if (!error.extensions?.code) return { ok: false, status, reason: `an error without a code: ${error.message}` }
    if (error.extensions.code === 'INTERNAL_SERVER_ERROR') return { ok: false, status, reason: `internal error (${res.statusCode})` }
  }
  return { ok: true, status }
}
