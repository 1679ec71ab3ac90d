import t from 'tap'
import { buildTestApp } from '../../helpers/build-app.js'

const app = await buildTestApp(t)

async function get(url: string) {
  const res = await app.inject({ method: 'GET', url })
  return { status: res.statusCode, type: res.headers['content-type'], body: res.json() }
}

t.test('GET /v1/types lists every type, active first', async (t) => {
  const { status, body } = await get('/v1/types')
  t.equal(status, 200)
  t.equal(body.total, body.data.length)
  t.ok(body.total >= 19, 'at least the 19 types of the report')
  const statuts: string[] = body.data.map((x: { statut: string }) => x.statut)
  const firstInactive = statuts.findIndex((s) => s !== 'actif')
  t.ok(firstInactive > 0 && statuts.slice(firstInactive).every((s) => s !== 'actif'), 'active types come first')
  const cio = body.data.find((x: { code: string }) => x.code === 'cio')
  t.same(cio.missions.includes('accompagner-parcours'), true)
  t.same(cio.publics.includes('scolaires'), true)
  t.equal(cio.besoins[0], 'choisir-orientation', 'most relevant need first')
})

t.test('GET /v1/types filters by mission, public, besoin and statut', async (t) => {
  const byPublic = await get('/v1/types?public=jeunes-16-25&statut=actif')
  const codes = byPublic.body.data.map((x: { code: string }) => x.code)
  t.ok(codes.includes('ml'), 'missions locales serve the 16-25')
  t.notOk(codes.includes('apec'))
  t.notOk(codes.includes('paio'), 'statut=actif leaves out vanished types')

  const vae = await get('/v1/types?besoin=vae')
  const vaeCodes = vae.body.data.map((x: { code: string }) => x.code)
  t.ok(vaeCodes.includes('france-vae') && vaeCodes.includes('prcr'))

  const both = await get('/v1/types?mission=prescrire-formation&public=salaries')
  for (const type of both.body.data) {
    t.ok(type.missions.includes('prescrire-formation') && type.publics.includes('salaries'), `${type.code} matches both filters`)
  }
  const several = await get('/v1/types?public=cadres,cadres-agriculture&statut=actif')
  const severalCodes = several.body.data.map((x: { code: string }) => x.code)
  // Their own types, and those of the wider publics a cadre belongs to (salariés, demandeurs d'emploi).
  for (const code of ['apec', 'apecita', 'cibc', 'cep', 'france-travail']) t.ok(severalCodes.includes(code), code)
  for (const code of ['ml', 'cio', 'cidff']) t.notOk(severalCodes.includes(code), code)
  const repeated = await get('/v1/types?public=cadres&public=cadres-agriculture&statut=actif')
  t.same(repeated.body, several.body, 'a repeated parameter equals a comma-separated one')

  const gone = await get('/v1/types?statut=renomme,disparu')
  t.ok(gone.body.data.every((x: { statut: string; remplace_par: string[] }) => x.statut !== 'actif' && x.remplace_par.length > 0))
})

t.test('GET /v1/types rejects unknown codes and parameters', async (t) => {
  const unknown = await get('/v1/types?mission=nope')
  t.equal(unknown.status, 400)
  t.match(unknown.type, /^application\/problem\+json/)
  t.equal(unknown.body.invalid_params[0].name, 'mission')
  t.match(unknown.body.detail, /unknown code nope/)

  const badStatut = await get('/v1/types?statut=ferme')
  t.equal(badStatut.status, 400)
  t.equal(badStatut.body.invalid_params[0].name, 'statut')

  const extra = await get('/v1/types?colour=blue')
  t.equal(extra.status, 400)
  t.same(extra.body.invalid_params, [{ name: 'colour', in: 'query', reason: 'unknown parameter' }])
})

t.test('GET /v1/types/cio answers the CIO with its missions, publics and needs', async (t) => {
  const { status, body } = await get('/v1/types/cio')
  t.equal(status, 200)
  t.equal(body.sigle, 'CIO')
  t.equal(body.statut, 'actif')
  t.ok(body.missions.some((m: { code: string; libelle: string }) => m.code === 'informer-formation' && m.libelle.length > 0))
  const jeunes = body.publics.find((p: { code: string }) => p.code === 'jeunes-16-25')
  t.equal(jeunes.age_min, 16)
  t.ok(jeunes.condition)
  t.equal(body.besoins[0].code, 'choisir-orientation')
  t.equal(body.besoins[0].poids, 3)
  t.same(body.successeurs, [])
  t.same(body.successeurs_actifs, [])
})

t.test('type lineage both ways', async (t) => {
  const anpe = (await get('/v1/types/anpe')).body
  t.equal(anpe.statut, 'disparu')
  t.same(anpe.successeurs.map((x: { code: string }) => x.code), ['pole-emploi'])
  t.same(anpe.successeurs_actifs.map((x: { code: string }) => x.code), ['france-travail'], 'ANPE → Pôle emploi → France Travail')

  const pe = (await get('/v1/types/pole-emploi')).body
  t.equal(pe.annee_changement, 2024)
  t.same(pe.predecesseurs.map((x: { code: string }) => x.code).sort(), ['anpe', 'assedic', 'crop-afpa'])

  const ft = (await get('/v1/types/france-travail')).body
  t.same(ft.predecesseurs.map((x: { code: string }) => x.code), ['pole-emploi'])

  const rij = (await get('/v1/types/rij')).body
  t.same(rij.successeurs_actifs.map((x: { code: string }) => x.code), ['bij', 'crij', 'pij'])

  for (const [old, today, year] of [['fongecif', 'transitions-pro', 2020], ['opca', 'opco', 2019], ['buiio', 'scuio-ip', 2007], ['prcr', 'france-vae', 2023], ['msap', 'france-services', 2020]] as const) {
    const body = (await get(`/v1/types/${old}`)).body
    t.same(body.successeurs_actifs.map((x: { code: string }) => x.code), [today], `${old} → ${today}`)
    t.equal(body.annee_changement, year)
  }
})

t.test('GET /v1/types/{code} 404 for an unknown code', async (t) => {
  const { status, type, body } = await get('/v1/types/xyz')
  t.equal(status, 404)
  t.match(type, /^application\/problem\+json/)
  t.match(body.detail, /xyz/)
})

t.test('missions', async (t) => {
  const list = await get('/v1/missions')
  t.same(list.body.data.map((m: { code: string }) => m.code), [
    'accompagner-parcours', 'accompagner-insertion', 'trouver-emploi', 'informer-metiers', 'informer-formation', 'prescrire-formation'
  ])
  const one = await get('/v1/missions/prescrire-formation')
  t.equal(one.status, 200)
  t.ok(one.body.besoins.some((b: { code: string }) => b.code === 'financer-formation'))
  t.ok(one.body.types.some((x: { code: string }) => x.code === 'transitions-pro'))
  t.equal((await get('/v1/missions/nope')).status, 404)
})

t.test('publics', async (t) => {
  const list = await get('/v1/publics')
  const codes = list.body.data.map((p: { code: string }) => p.code)
  for (const code of ['tous-publics', 'scolaires', 'etudiants', 'jeunes-16-25', 'demandeurs-emploi', 'salaries', 'cadres',
    'cadres-agriculture', 'personnes-handicapees', 'femmes', 'createurs-entreprise']) {
    t.ok(codes.includes(code), code)
  }
  const handicap = await get('/v1/publics/personnes-handicapees')
  const cap = handicap.body.types.find((x: { code: string }) => x.code === 'cap-emploi')
  t.match(cap.condition, /RQTH/)
  t.equal((await get('/v1/publics/nope')).status, 404)
})

t.test('besoins', async (t) => {
  const list = await get('/v1/besoins')
  t.equal(list.body.total, list.body.data.length)
  t.ok(list.body.data.every((b: { formulation: string; mission: string }) => b.formulation.length > 0 && b.mission))
  const filtered = await get('/v1/besoins?mission=accompagner-parcours')
  t.ok(filtered.body.data.length > 0)
  t.ok(filtered.body.data.every((b: { mission: string }) => b.mission === 'accompagner-parcours'))
  t.equal((await get('/v1/besoins?mission=nope')).status, 400)
})
