// Each lieu says whether it is open, in REST lists and details, orientation and GraphQL, at now
// or at the instant `a` — here fixed instants on real offices.
import t from 'tap'
import { buildTestApp } from '../../helpers/build-app.js'

const app = await buildTestApp(t)
const a = (iso: string) => `a=${encodeURIComponent(iso)}`

t.test('the CIO of Saint-Quentin on a Monday morning, and on 14 July', async (t) => {
  const monday = (await app.inject(`/v1/lieux?code_commune=02691&type=cio&limit=1&${a('2026-11-30T10:00:00+01:00')}`)).json().data[0]
  t.equal(monday.id, 'dila-cio-02691-01')
  t.same(monday.ouverture, { ouvert: true, prochain_changement: '2026-11-30T12:00:00+01:00', commentaire: null })
  t.same(monday.horaires_lisibles, {
    fr: ['Du lundi au vendredi de 8 h 30 à 12 h et de 13 h 30 à 17 h 30', 'Samedi de 9 h à 11 h'],
    en: ['Monday to Friday, 8:30 am to 12 pm and 1:30 pm to 5:30 pm', 'Saturday, 9 am to 11 am']
  }, 'the week in words, in French and English')
  const holiday = (await app.inject(`/v1/lieux/dila-cio-02691-01?${a('2026-07-14T10:00:00+02:00')}`)).json()
  t.same(holiday.ouverture, { ouvert: false, prochain_changement: '2026-07-15T08:30:00+02:00', commentaire: 'Fête Nationale de la France' })
  const geojson = (await app.inject(`/v1/lieux?code_commune=02691&type=cio&limit=1&format=geojson&${a('2026-11-30T10:00:00+01:00')}`)).json()
  t.equal(geojson.features[0].properties.ouverture.ouvert, true, 'in GeoJSON properties too')
})

t.test('orientation’s lieux say it too; GraphQL has the field; a bad instant is a 400', async (t) => {
  const res = (await app.inject(`/v1/orientation?public=scolaires&besoin=choisir-orientation&code_commune=02691&types=1&${a('2026-11-30T12:30:00+01:00')}`)).json()
  t.same(res.recommandations[0].lieux[0].ouverture, { ouvert: false, prochain_changement: '2026-11-30T13:30:00+01:00', commentaire: null })
  const gql = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ lieu(id: "dila-cio-02691-01") { ouverture { ouvert prochain_changement } horaires_lisibles { en } } }' } })
  const ouverture = gql.json().data.lieu.ouverture
  t.same(gql.json().data.lieu.horaires_lisibles.en, ['Monday to Friday, 8:30 am to 12 pm and 1:30 pm to 5:30 pm', 'Saturday, 9 am to 11 am'])
  t.ok(ouverture.ouvert === true || ouverture.ouvert === false, 'now: open or closed')
  t.match(ouverture.prochain_changement, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/)
  const bad = await app.inject('/v1/lieux?a=tomorrow')
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { invalid_params: [{ name: 'a' }] })
})
