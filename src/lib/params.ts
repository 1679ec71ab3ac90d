// Query-string building blocks shared by the routes.
import { z } from 'zod'

export const CODE_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/

/**
 * A list of codes, given as `a,b` or as a repeated parameter (`x=a&x=b`): any of them matches.
 */
/** `combine`: how several codes read, as a filter (any of them) or as facts about one person (all apply). */
export function codeList(description: string, example: string, combine: 'any' | 'all' = 'any') {
  return z
    .preprocess(
      (value) => {
        const values = Array.isArray(value) ? value : value === undefined ? undefined : [value]
        return values?.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter((v) => v !== '')
      },
      z.array(z.string().regex(CODE_PATTERN, 'must be a lower-case kebab-case code')).min(1).max(50).optional()
    )
    .meta({
      description: `${description} Several codes, comma-separated or repeated, ${combine === 'any' ? 'match any of them' : 'all apply'}.`,
      example: [example]
    })
}

/** A list of territory codes (comma-separated or repeated), each checked against a pattern. */
export function territoryList(description: string, pattern: RegExp, what: string, example: string) {
  return z
    .preprocess(
      (value) => {
        const values = Array.isArray(value) ? value : value === undefined ? undefined : [value]
        return values?.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter((v) => v !== '')
      },
      z.array(z.string().regex(pattern, `must be ${what}`)).min(1).max(100).optional()
    )
    .meta({ description: `${description} Several codes, comma-separated or repeated, match any of them.`, example: [example] })
}

export const INSEE_CODE = /^(\d{5}|2[AB]\d{3})$/
export const DEPARTEMENT_CODE = /^(\d{2}|2[AB]|\d{3})$/
