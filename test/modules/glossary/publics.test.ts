// Publics that nest: a cadre is a salarié or a demandeur d'emploi, and the types serving them serve a cadre.
import t from 'tap'
import { buildTestApp } from '../../helpers/build-app.js'

const app = await buildTestApp(t)

t.test('/v1/publics/cadres: its wider publics, its own types first, then those through a wider public', async (t) => {
  const res = await app.inject('/v1/publics/cadres')
  t.equal(res.statusCode, 200)
  const pub = res.json()
  t.same(pub.inclus_dans, ['salaries', 'demandeurs-emploi'])
  t.same(pub.comprend, ['cadres-agriculture'])
  const codes = pub.types.map((x: { code: string }) => x.code)
  t.ok(codes.indexOf('apec') < codes.indexOf('cibc'), 'APEC (its own) before the CIBC (through salariés)')
  t.equal(pub.types.find((x: { code: string }) => x.code === 'apec').via, null)
  t.match(pub.types.find((x: { code: string }) => x.code === 'cibc').via, /^(salaries|demandeurs-emploi)$/)
  t.ok(codes.includes('transitions-pro') && codes.includes('cep'))
})

t.test('filters use the nesting: a cadre of agriculture finds the APEC and the CEP', async (t) => {
  const res = await app.inject('/v1/types?public=cadres-agriculture&statut=actif')
  const codes = res.json().data.map((x: { code: string }) => x.code)
  for (const code of ['apecita', 'apec', 'cep', 'cibc']) t.ok(codes.includes(code), code)
  t.notOk(codes.includes('ml'))
})
