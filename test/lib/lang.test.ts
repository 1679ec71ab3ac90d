// Which language an Accept-Language header asks for, among the API's two.
import t from 'tap'
import { fromAcceptLanguage } from '../../src/lib/lang.js'

const cases: [string | undefined, 'fr' | 'en'][] = [
  [undefined, 'fr'],
  ['', 'fr'],
  ['en', 'en'],
  ['en-GB,en;q=0.9,fr;q=0.5', 'en'],
  ['fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7', 'fr'],
  ['de-DE,de;q=0.9,en;q=0.5', 'en'],
  ['de-DE, fr;q=0.8, en;q=0.5', 'fr'],
  ['fr;q=0.2, en;q=0.9', 'en'],
  ['en;q=0, fr', 'fr'],
  ['es, *;q=0.1', 'fr'],
  ['EN-us', 'en'],
  ['garbage;;;q=x, en', 'en']
]
for (const [header, lang] of cases) t.equal(fromAcceptLanguage(header), lang, JSON.stringify(header))
