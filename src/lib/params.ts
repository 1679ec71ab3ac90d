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

/**
 * A list of territory codes (comma-separated or repeated), each checked against a pattern.
 * Upper-cased first: Corsica's codes are typed "2a" as often as "2A".
 */
export function territoryList(description: string, pattern: RegExp, what: string, example: string) {
  return z
    .preprocess(
      (value) => {
        const values = Array.isArray(value) ? value : value === undefined ? undefined : [value]
        return values?.flatMap((v) => String(v).split(',')).map((v) => v.trim().toUpperCase()).filter((v) => v !== '')
      },
      z.array(z.string().regex(pattern, `must be ${what}`)).min(1).max(100).optional()
    )
    .meta({ description: `${description} Several codes, comma-separated or repeated, match any of them.`, example: [example] })
}

/**
 * INSEE commune codes (five digits, or 2A/2B and three digits in Corsica) and département codes
 * as parameters take them, in either case: each is upper-cased before it is checked and used
 * ("2b033" is Bastia, 2B033), so the published pattern admits both.
 */
export const INSEE_CODE_ANY_CASE = /^(\d{5}|2[ABab]\d{3})$/
export const DEPARTEMENT_CODE_ANY_CASE = /^(\d{2}|2[ABab]|\d{3})$/

/** An INSEE commune code parameter: trimmed, upper-cased, then checked (a 400 naming the parameter). */
export function inseeCode() {
  return z.string().trim().toUpperCase().regex(INSEE_CODE_ANY_CASE, 'must be a 5-character INSEE code')
}

/** A département code parameter ("02", "2A" or "2a", "971"). */
export function departementCode() {
  return z.string().trim().toUpperCase().regex(DEPARTEMENT_CODE_ANY_CASE, 'must be a département code such as 02, 2A or 971')
}
