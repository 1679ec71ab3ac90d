// Open now, next change: fixed instants, each read on the clocks of the lieu's own zone with its
// region's holidays (the issue's cases).
import t from 'tap'
import { ouvertureOf } from '../../../src/modules/opening/evaluate.js'

const CIO = 'Mo-Fr 08:30-12:00,13:30-17:30; PH off'
const at = (iso: string) => new Date(iso)
const lieu = (horaires_accueil: string | null, code_departement: string, latitude = 48.86, longitude = 2.35) =>
  ({ horaires_accueil, code_departement, latitude, longitude })

t.test('a Monday in Saint-Quentin', async (t) => {
  t.same(ouvertureOf(lieu(CIO, '02'), at('2026-11-30T09:00:00Z')), { ouvert: true, prochain_changement: '2026-11-30T12:00:00+01:00', commentaire: null }, '10:00: open until noon')
  t.same(ouvertureOf(lieu(CIO, '02'), at('2026-11-30T11:30:00Z')), { ouvert: false, prochain_changement: '2026-11-30T13:30:00+01:00', commentaire: null }, '12:30: closed, opens at 13:30')
  t.equal(ouvertureOf(lieu(CIO, '02'), at('2026-11-27T16:40:00Z')).prochain_changement, '2026-11-30T08:30:00+01:00', 'Friday 17:40: next on Monday')
})

t.test('public holidays, national and regional', async (t) => {
  t.same(ouvertureOf(lieu(CIO, '02'), at('2026-07-14T08:00:00Z')), { ouvert: false, prochain_changement: '2026-07-15T08:30:00+02:00', commentaire: 'Fête Nationale de la France' }, '14 July: closed, and why')
  t.equal(ouvertureOf(lieu(CIO, '67', 48.58, 7.75), at('2025-12-26T09:00:00Z')).ouvert, false, '26 December in Strasbourg: closed')
  t.equal(ouvertureOf(lieu(CIO, '69', 45.76, 4.83), at('2025-12-26T09:00:00Z')).ouvert, true, 'in Lyon: open')
  t.equal(ouvertureOf(lieu(CIO, '57', 49.12, 6.18), at('2026-04-03T08:00:00Z')).ouvert, false, 'Good Friday in Metz: closed')
  t.equal(ouvertureOf(lieu(CIO, '75'), at('2026-04-03T08:00:00Z')).ouvert, true, 'in Paris: open')
  // 27 May 10:00 in Pointe-à-Pitre is 14:00 UTC (UTC−4).
  t.equal(ouvertureOf(lieu(CIO, '971', 16.24, -61.53), at('2026-05-27T14:00:00Z')).ouvert, false, '27 May in Guadeloupe: abolition of slavery')
  t.equal(ouvertureOf(lieu(CIO, '972', 14.6, -61.07), at('2026-05-27T14:00:00Z')).ouvert, true, 'in Martinique (its day is 22 May): open')
})

t.test('the nights the clocks change, and other zones', async (t) => {
  const night = 'Su 01:00-04:00'
  t.same(ouvertureOf(lieu(night, '75'), at('2026-03-29T00:30:00Z')), { ouvert: true, prochain_changement: '2026-03-29T04:00:00+02:00', commentaire: null },
    'March: 01:30 winter time, open until 04:00 summer time (two hours later)')
  t.same(ouvertureOf(lieu(night, '75'), at('2026-10-25T00:30:00Z')), { ouvert: true, prochain_changement: '2026-10-25T04:00:00+01:00', commentaire: null },
    'October: 02:30 summer time, open until 04:00 winter time (two and a half hours later)')
  t.same(ouvertureOf(lieu('Mo-Fr 08:00-12:00', '974', -20.88, 55.45), at('2026-11-30T05:00:00Z')),
    { ouvert: true, prochain_changement: '2026-11-30T12:00:00+04:00', commentaire: null }, 'Réunion: 09:00 at UTC+4')
  t.equal(ouvertureOf(lieu('Mo-Fr 08:00-12:00', '973', 4.93, -52.33), at('2026-11-30T11:30:00Z')).ouvert, true, 'Cayenne: 08:30 at UTC−3')
})

t.test('unknown or on appointment: null', async (t) => {
  t.same(ouvertureOf(lieu(null, '02'), at('2026-11-30T09:00:00Z')), { ouvert: null, prochain_changement: null, commentaire: null })
  t.equal(ouvertureOf(lieu('Mo-Fr 09:00-12:00 "sur rendez-vous"', '02'), at('2026-11-30T09:00:00Z')).ouvert, null)
  t.equal(ouvertureOf(lieu('not hours', '02'), at('2026-11-30T09:00:00Z')).ouvert, null)
})

t.test('hours that say nothing of public holidays are closed on them; PH said is read as said', async (t) => {
  const weekdays = 'Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-11:00'
  t.same(ouvertureOf(lieu(weekdays, '02'), at('2026-07-14T08:00:00Z')),
    { ouvert: false, prochain_changement: '2026-07-15T08:30:00+02:00', commentaire: 'Fête Nationale de la France' })
  t.equal(ouvertureOf(lieu('Mo-Fr 08:30-12:00; PH 09:00-11:00', '02'), at('2026-07-14T08:00:00Z')).ouvert, true, 'open on holidays when it says so')
})
