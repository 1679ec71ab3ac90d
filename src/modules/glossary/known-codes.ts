import { HttpProblem } from '../../lib/problem.js'
import type { GlossaryKind, GlossaryRepository } from './repository.js'

/** 400 naming the parameter when one of its codes is not in the glossary vocabulary. */
export async function assertKnownCodes(
  repo: GlossaryRepository,
  parameter: string,
  kind: GlossaryKind,
  codes: string[] | undefined
): Promise<void> {
  if (!codes) return
  const unknown = await repo.unknownCodes(kind, codes)
  if (unknown.length > 0) {
    throw new HttpProblem(400, `${parameter}: unknown code ${unknown.join(', ')} (see /v1/${kind})`, [
      { name: parameter, in: 'query', reason: `unknown code ${unknown.join(', ')}` }
    ])
  }
}
