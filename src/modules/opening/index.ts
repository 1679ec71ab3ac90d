// Open now, next change: each lieu read on its own clocks and holidays (evaluate.ts). Pure: it
// reads the lieux the other modules return and adds `ouverture` to them.
import { type Hours, ouvertureOf } from './evaluate.js'

export function withOuverture<T extends Hours>(lieu: T, at: Date): T & { ouverture: ReturnType<typeof ouvertureOf> } {
  return { ...lieu, ouverture: ouvertureOf(lieu, at) }
}

export { instantOf, instantParam, ouvertureSchema } from './schemas.js'
