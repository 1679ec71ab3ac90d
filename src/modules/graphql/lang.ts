// The language a GraphQL answer is in travels with its objects: a top-level field given
// `lang: en` marks what it returns, and the nested fields (a type's missions, a mission's
// needs…) answer in the language of the object they hang from. The mark is not in the SDL,
// so it is never sent.
import type { Lang } from '../../lib/lang.js'

const LANG = Symbol('lang')
type Marked = { [LANG]?: Lang }

export function inLang<T extends object>(obj: T, lang: Lang): T {
  // A copy: the object may be a row the repository keeps cached for every request.
  return lang === 'fr' ? obj : { ...obj, [LANG]: lang }
}

export const langOf = (obj: object): Lang => (obj as Marked)[LANG] ?? 'fr'
