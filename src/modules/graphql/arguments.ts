// GraphQL arguments go through the REST zod schemas: one validation, one set of messages.
import type { z } from 'zod'
import { HttpProblem, invalidParamsOf } from '../../lib/problem.js'

/** Parses arguments with a REST query schema; a 400 problem naming each bad argument. */
export function parseArgs<S extends z.ZodType>(schema: S, args: Record<string, unknown>): z.infer<S> {
  const input = Object.fromEntries(
    Object.entries(args)
      .filter(([, v]) => v !== null && v !== undefined)
      // The REST bbox is one comma-separated parameter; GraphQL takes a list of floats.
      .map(([k, v]) => [k, k === 'bbox' && Array.isArray(v) ? v.join(',') : v])
  )
  return parseWith(schema, input)
}

/** Parses an input object with a REST body schema, nulls kept: in a merge patch, null clears a field. */
export function parseInput<S extends z.ZodType>(schema: S, input: Record<string, unknown>): z.infer<S> {
  return parseWith(schema, { ...input })
}

function parseWith<S extends z.ZodType>(schema: S, input: Record<string, unknown>): z.infer<S> {
  const parsed = schema.safeParse(input)
  if (parsed.success) return parsed.data
  const invalid = invalidParamsOf(parsed.error.issues, 'query')
  throw new HttpProblem(400, invalid.map((p) => `${p.name}: ${p.reason}`).join('; '), invalid)
}
