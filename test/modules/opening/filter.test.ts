// Open now as a filter: the database's answer (horaires, jours_feries) must be exactly what each
// lieu's own `ouverture` says, at fixed instants, on the real offices — holidays of Alsace-Moselle
// and overseas, time zones, the nights the clocks change — and pages of open lieux must neither
// repeat nor skip, whichever way the query reads them (a KNN walk, or the index on hours).
import { sql } from 'drizzle-orm'
import t from 'tap'
import { ouvertureOf } from '../../../src/modules/opening/evaluate.js'
import { ensureHoraires } from '../../../src/modules/opening/horaires.js'
import { HOLIDAY_REGIONS, holidayRegionOf } from '../../../src/modules/opening/zones.js'
import { buildTestApp } from '../../helpers/build-app.js'

const app = await buildTestApp(t)
const { rows } = app.database
const q = (s: string) => encodeURIComponent(s)

interface Row { id: string; horaires_accueil: string | null; code_departement: string | null; latitude: number; longitude: number; code_insee: string | null }
const all = await rows<Row>(sql`SELECT l.id, l.horaires_accueil, c.departement AS code_departement, l.code_insee,
  ST_Y(l.position::geometry) AS latitude, ST_X(l.position::geometry) AS longitude
  FROM lieux l LEFT JOIN communes c ON c.code_insee = l.code_insee WHERE l.statut = 'actif'`)

/** The ids the database finds open at an instant (one page holding them all). */
async function openIds(iso: string): Promise<Set<string>> {
  const ouvert = await app.opening.openAt(new Date(iso))
  const page = await app.sites.searchLieux({ limit: 100_000, ouvert })
  return new Set(page.rows.map((l) => l.id))
}

/** The ids whose own answer is `ouvert: true` at an instant. */
const saysOpen = (iso: string) => new Set(all.filter((l) => ouvertureOf(l, new Date(iso)).ouvert === true).map((l) => l.id))

const byDepartement = (ids: Set<string>, dep: string) => all.filter((l) => ids.has(l.id) && l.code_departement === dep).length
const withHours = (dep: string) => all.filter((l) => l.code_departement === dep && l.horaires_accueil).length

t.test('the database and each lieu’s answer agree, on every real office, at instants that matter', async (t) => {
  const instants = {
    'a Monday 10:00 in Paris': '2026-11-30T10:00:00+01:00',
    'a Monday 12:30 (lunch)': '2026-11-30T12:30:00+01:00',
    'a Saturday 10:00': '2026-11-28T10:00:00+01:00',
    '14 July, 10:00': '2026-07-14T10:00:00+02:00',
    '26 December 2025 (a Friday), 10:00': '2025-12-26T10:00:00+01:00',
    'Good Friday 2026, 10:00': '2026-04-03T10:00:00+02:00',
    '27 May 2026 (a Wednesday), 10:00 in Guadeloupe': '2026-05-27T10:00:00-04:00',
    'the night the clocks go forward, 03:30': '2026-03-29T03:30:00+02:00',
    'the night the clocks go back, the second 02:30': '2026-10-25T02:30:00+01:00',
    '10:00 in Réunion (07:00 in Paris)': '2026-11-30T10:00:00+04:00',
    'a Sunday 03:00': '2026-11-29T03:00:00+01:00'
  }
  for (const [what, iso] of Object.entries(instants)) {
    const db = await openIds(iso)
    const js = saysOpen(iso)
    t.same([...db].filter((id) => !js.has(id)), [], `${what}: nothing the database finds is closed by its own answer`)
    t.same([...js].filter((id) => !db.has(id)), [], `${what}: nothing open is missed (${js.size} open)`)
  }
})

t.test('holidays are each region’s: 26 December in Strasbourg, Good Friday in Metz, 27 May in Guadeloupe', async (t) => {
  const boxingDay = await openIds('2025-12-26T10:00:00+01:00')
  t.equal(byDepartement(boxingDay, '67') + byDepartement(boxingDay, '68') + byDepartement(boxingDay, '57'), 0, 'Alsace-Moselle closed on 26 December')
  t.ok(byDepartement(boxingDay, '69') > 0, 'Lyon open on 26 December (same hours)')
  // The same hours text in Strasbourg and in Lyon: closed in one, open in the other.
  const text = all.find((l) => l.code_departement === '67' && l.horaires_accueil && all.some((m) => m.code_departement === '69' && m.horaires_accueil === l.horaires_accueil) &&
    ouvertureOf({ ...l, code_departement: '69' }, new Date('2025-12-26T10:00:00+01:00')).ouvert)!.horaires_accueil
  const strasbourg = all.find((l) => l.code_departement === '67' && l.horaires_accueil === text)!
  const lyon = all.find((l) => l.code_departement === '69' && l.horaires_accueil === text)!
  t.notOk(boxingDay.has(strasbourg.id), `${strasbourg.id} (${text}) closed`)
  t.ok(boxingDay.has(lyon.id), `${lyon.id} (${text}) open`)

  const goodFriday = await openIds('2026-04-03T10:00:00+02:00')
  t.equal(byDepartement(goodFriday, '57'), 0, 'Moselle closed on Good Friday')
  t.ok(byDepartement(goodFriday, '54') > 0, 'Meurthe-et-Moselle open')

  const abolition = await openIds('2026-05-27T10:00:00-04:00')
  t.ok(withHours('971') > 0 && byDepartement(abolition, '971') === 0, 'Guadeloupe closed on 27 May')
  t.ok(byDepartement(abolition, '972') > 0, 'Martinique (its day is 22 May) open at the same local time')

  const national = await openIds('2026-07-14T10:00:00+02:00')
  t.equal(national.size, 0, 'on 14 July every office of the data is closed (none says PH)')
})

t.test('each lieu on its own clocks: Réunion at 10:00 is Paris at 07:00', async (t) => {
  const reunionMorning = await openIds('2026-11-30T10:00:00+04:00')
  t.ok(byDepartement(reunionMorning, '974') > 0, 'Réunion open at 10:00 local')
  t.equal(byDepartement(reunionMorning, '75'), 0, 'Paris not open at 07:00')
  const parisAfternoon = await openIds('2026-11-30T16:00:00+01:00')
  t.ok(byDepartement(parisAfternoon, '75') > 0, 'Paris open at 16:00')
  t.equal(byDepartement(parisAfternoon, '974'), 0, 'Réunion closed then: 19:00 there')
})

t.test('the SQL that places a commune in a holiday region agrees with the JS one, on every commune', async (t) => {
  const communes = await rows<{ code_insee: string; departement: string | null; region: number }>(sql`SELECT code_insee, departement,
    aio_region_feries(code_insee) AS region FROM communes`)
  const wrong = communes.filter((c) => HOLIDAY_REGIONS[c.region]!.nom !== holidayRegionOf(c.departement))
  t.same(wrong.slice(0, 5), [], `${communes.length} communes`)
})

t.test('hours written with PH, and the nights the clocks change', async (t) => {
  const hours = { ph: 'Mo-Fr 09:00-17:00; PH 10:00-12:00', night: 'Su 02:00-03:00' }
  await ensureHoraires(app.database.db, Object.values(hours))
  for (const [id, h] of Object.entries(hours)) {
    await rows(sql`INSERT INTO lieux (id, structure, type, nom, position, code_insee, commune, source, source_id, horaires_accueil)
      SELECT ${'test-' + id}, structure, type, ${'Lieu de test ' + id}, position, code_insee, commune, 'test', ${id}, ${h}
      FROM lieux WHERE id = 'dila-cio-02691-01'`)
  }
  app.opening.forget()
  t.ok((await openIds('2026-07-14T10:30:00+02:00')).has('test-ph'), 'PH 10:00-12:00: open at 10:30 on 14 July')
  t.notOk((await openIds('2026-07-14T13:00:00+02:00')).has('test-ph'), 'and closed at 13:00')
  t.ok((await openIds('2026-07-15T13:00:00+02:00')).has('test-ph'), 'open at 13:00 the next day')
  // 29 March 2026: 02:00 to 03:00 does not exist in Paris; 25 October: it happens twice.
  t.notOk((await openIds('2026-03-29T01:59:00+01:00')).has('test-night'), 'closed at 01:59 before the clocks go forward')
  t.notOk((await openIds('2026-03-29T03:00:00+02:00')).has('test-night'), 'closed at 03:00, just after (02:xx never came)')
  t.ok((await openIds('2026-10-25T02:30:00+02:00')).has('test-night'), 'open at the first 02:30 in October (summer time)')
  t.ok((await openIds('2026-10-25T02:30:00+01:00')).has('test-night'), 'open at the second 02:30 (winter time)')
  t.notOk((await openIds('2026-10-25T03:00:00+01:00')).has('test-night'), 'closed at 03:00 winter time')
  for (const iso of ['2026-03-29T01:59:00+01:00', '2026-10-25T02:30:00+02:00', '2026-10-25T02:30:00+01:00', '2026-10-25T03:00:00+01:00']) {
    const lieu = { ...all.find((l) => l.id === 'dila-cio-02691-01')!, horaires_accueil: hours.night }
    t.equal(ouvertureOf(lieu, new Date(iso)).ouvert === true, (await openIds(iso)).has('test-night'), `${iso}: the lieu's own answer agrees`)
  }
  await rows(sql`DELETE FROM lieux WHERE source = 'test'`)
})

t.test('GET /v1/lieux?code_commune=02691&ouvert=maintenant: the open offices nearest first, with their next change', async (t) => {
  const res = await app.inject(`/v1/lieux?code_commune=02691&ouvert=maintenant&a=${q('2026-11-30T10:00:00+01:00')}&limit=10`)
  t.equal(res.statusCode, 200)
  const { data } = res.json()
  t.equal(data.length, 10)
  t.ok(data.every((l: { ouverture: { ouvert: boolean } }) => l.ouverture.ouvert === true), 'all open')
  t.ok(data.every((l: { distance_m: number }, i: number) => i === 0 || l.distance_m >= data[i - 1].distance_m), 'nearest first')
  t.match(data[0].ouverture.prochain_changement, /^2026-11-30T1\d:\d\d:00\+01:00$/, 'and when it closes')
  const all = (await app.inject(`/v1/lieux?code_commune=02691&a=${q('2026-11-30T10:00:00+01:00')}&limit=30`)).json().data
  const closedNearer = all.filter((l: { ouverture: { ouvert: boolean | null }; distance_m: number }) => l.ouverture.ouvert !== true && l.distance_m < data[9].distance_m)
  t.ok(closedNearer.length > 0, 'some nearer lieux are left out: closed, or hours unknown')
  t.ok(closedNearer.some((l: { ouverture: { ouvert: boolean | null } }) => l.ouverture.ouvert === null), 'a lieu with no hours (ouvert: null) is left out')
  const night = (await app.inject(`/v1/lieux?code_commune=02691&ouvert=maintenant&a=${q('2026-11-29T03:00:00+01:00')}`)).json()
  t.same(night, { data: [], next_cursor: null, next: null }, 'at 3 a.m. on a Sunday, none')
})

t.test('pages of open lieux neither repeat nor skip, read by a KNN walk or by the index on hours', async (t) => {
  const at = '2026-11-30T17:40:00+01:00'
  const whole = (await app.inject(`/v1/lieux?code_commune=02691&ouvert_a=${q(at)}&limit=100`)).json().data.map((l: { id: string }) => l.id)
  const paged: string[] = []
  let url: string | null = `/v1/lieux?code_commune=02691&ouvert_a=${q(at)}&limit=7`
  while (url && paged.length < 100) {
    const page: { data: { id: string }[]; next: string | null } = (await app.inject(url)).json()
    paged.push(...page.data.map((l: { id: string }) => l.id))
    url = page.next
  }
  t.same(paged.slice(0, whole.length), whole.slice(0, paged.length), 'pages of 7 are the page of 100, in order')
  t.equal(new Set(paged).size, paged.length, 'no repeat')
  // Both plans give the same rows: forced one way, then the other.
  const open = await app.opening.openAt(new Date(at))
  const position = { lat: 49.8486, lon: 3.2864 }
  const knn = await app.sites.searchLieux({ position, limit: 40, ouvert: { ...open, estimate: open.total } })
  const few = await app.sites.searchLieux({ position, limit: 40, ouvert: { ...open, estimate: 0 } })
  t.same(few.rows.map((l) => l.id), knn.rows.map((l) => l.id), 'the index on hours finds what the KNN walk finds')
  t.same(knn.nextKey, few.nextKey)
  // By name (no position), the same set as the database's whole answer.
  const named: string[] = []
  let next: string | null = `/v1/lieux?ouvert_a=${q(at)}&limit=100`
  while (next) {
    const page: { data: { id: string }[]; next: string | null } = (await app.inject(next)).json()
    named.push(...page.data.map((l: { id: string }) => l.id))
    next = page.next
  }
  t.same(new Set(named), await openIds(at), 'by name, page after page: every open lieu once')
})

t.test('ouvert=maintenant pages keep the first page’s instant; bad values are 400s', async (t) => {
  const first = (await app.inject(`/v1/lieux?code_commune=02691&ouvert=maintenant&a=${q('2026-11-30T12:25:00+01:00')}&limit=5`)).json()
  const cursor = first.next_cursor as string
  const payload = JSON.parse(Buffer.from(cursor.split('.')[0]!, 'base64url').toString())
  t.equal(payload.t, Date.parse('2026-11-30T12:25:00+01:00'), 'the cursor carries the instant')
  const both = await app.inject(`/v1/lieux?ouvert=maintenant&ouvert_a=${q('2026-11-30T10:00:00+01:00')}`)
  t.equal(both.statusCode, 400)
  t.match(both.json(), { invalid_params: [{ name: 'ouvert_a' }] })
  const bad = await app.inject('/v1/lieux?ouvert=demain')
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { invalid_params: [{ name: 'ouvert' }] })
  const badInstant = await app.inject('/v1/lieux?ouvert_a=lundi')
  t.match(badInstant.json(), { status: 400, invalid_params: [{ name: 'ouvert_a' }] })
})

t.test('GraphQL: lieux(ouvert: maintenant) and lieux(ouvert_a:)', async (t) => {
  const query = `{ a: lieux(code_commune: "02691", ouvert: maintenant, a: "2026-11-30T10:00:00+01:00", limit: 3) { data { id ouverture { ouvert } } }
    b: lieux(code_commune: "02691", ouvert_a: "2026-11-30T10:00:00+01:00", limit: 3) { data { id } } }`
  const { data } = (await app.inject({ method: 'POST', url: '/graphql', payload: { query } })).json()
  t.equal(data.a.data.length, 3)
  t.ok(data.a.data.every((l: { ouverture: { ouvert: boolean } }) => l.ouverture.ouvert))
  t.same(data.b.data.map((l: { id: string }) => l.id), data.a.data.map((l: { id: string }) => l.id))
})

t.test('orientation with ouvert=maintenant: the open lieux of a network first, when near enough', async (t) => {
  const base = `/v1/orientation?public=demandeurs-emploi&besoin=trouver-emploi&code_commune=02691&types=1&lieux_par_type=3`
  // Friday 14:00: the France Travail offices of Saint-Quentin are closed (Fr 08:30-12:30); France services nearby are not networks of this need.
  const lunch = (await app.inject(`${base}&ouvert=maintenant&a=${q('2026-11-30T13:00:00+01:00')}`)).json().recommandations[0]
  const plain = (await app.inject(`${base}&a=${q('2026-11-30T13:00:00+01:00')}`)).json().recommandations[0]
  t.equal(lunch.nom, plain.nom, 'the same network: opening hours do not rank networks')
  const opens = lunch.lieux.map((l: { ouverture: { ouvert: boolean | null } }) => l.ouverture.ouvert === true)
  t.same(opens, [...opens].sort((a, b) => Number(b) - Number(a)), 'open lieux before the others')
  // At 16:30 on a Monday the nearest offices are closed, and the open ones 100 km away: the nearby ones stay.
  const late = (await app.inject(`${base}&ouvert=maintenant&a=${q('2026-11-30T16:30:00+01:00')}`)).json().recommandations[0]
  t.ok(late.lieux[0].distance_m < 5000, 'no drive of 100 km to an office open now: the nearest one, closed, with its next opening')
  t.equal(late.lieux[0].ouverture.prochain_changement, '2026-12-01T08:30:00+01:00')
})
