// Opening hours in words: every shape the data holds reads as a person would say it, in French
// and English; a value of another shape is left to be shown as the source wrote it.
import t from 'tap'
import { hoursInWords, ouvertureInWords } from '../../src/widget/hours.js'
import { WORDS } from '../../src/widget/i18n.js'

const fr = (value: string) => hoursInWords(value, WORDS.fr)
const en = (value: string) => hoursInWords(value, WORDS.en)

t.same(fr('Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-11:00'), [
  'Du lundi au vendredi de 8 h 30 à 12 h et de 13 h 30 à 17 h 30',
  'Samedi de 9 h à 11 h'
])
t.same(en('Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-11:00'), [
  'Monday to Friday, 8:30 am to 12 pm and 1:30 pm to 5:30 pm',
  'Saturday, 9 am to 11 am'
])
t.same(fr('Mo 08:30-17:00; Tu-We 08:30-12:30,13:15-17:00; Th 08:30-12:30'), [
  'Lundi de 8 h 30 à 17 h', 'Mardi et mercredi de 8 h 30 à 12 h 30 et de 13 h 15 à 17 h', 'Jeudi de 8 h 30 à 12 h 30'
])
t.same(fr('Tu-Fr 09:00-12:00 "sur rendez-vous"; Sa 09:00-12:00 "sur rendez-vous"'), [
  'Du mardi au vendredi de 9 h à 12 h (sur rendez-vous)', 'Samedi de 9 h à 12 h (sur rendez-vous)'
], 'a comment is kept, in brackets')
t.same(fr('Mo,We,Fr 14:00-17:00; PH off'), ['Lundi, mercredi et vendredi de 14 h à 17 h', 'Fermé les jours fériés'])
t.same(en('Mo-Fr 08:00-12:00; Sa off'), ['Monday to Friday, 8 am to 12 pm', 'Saturday, closed'])
t.same(fr('Mo-Fr 12:00-24:00'), ['Du lundi au vendredi de 12 h à 24 h'])
t.same(en('Mo 00:00-12:30'), ['Monday, 12 am to 12:30 pm'])
for (const other of ['24/7', 'Mo-Fr 08:00-12:00 || "sur rendez-vous"', 'week 1-53 Mo 09:00-12:00', 'Mo-Fr 9h-12h', 'Mo-Fr 25:00-26:00', '']) {
  t.equal(fr(other), null, `not guessed at: ${JSON.stringify(other)}`)
}

t.test('open now, in words, on the lieu’s calendar', async (t) => {
  const monday10 = new Date('2026-11-30T09:00:00Z')
  t.equal(ouvertureInWords({ ouvert: true, prochain_changement: '2026-11-30T12:00:00+01:00' }, WORDS.fr, monday10), 'Ouvert maintenant, jusqu’à 12 h')
  t.equal(ouvertureInWords({ ouvert: false, prochain_changement: '2026-11-30T13:30:00+01:00' }, WORDS.fr, monday10), 'Fermé en ce moment, ouvre aujourd’hui à 13 h 30')
  t.equal(ouvertureInWords({ ouvert: false, prochain_changement: '2026-12-01T08:30:00+01:00' }, WORDS.fr, monday10), 'Fermé en ce moment, ouvre demain à 8 h 30')
  t.equal(ouvertureInWords({ ouvert: false, prochain_changement: '2026-12-03T08:30:00+01:00' }, WORDS.en, monday10), 'Closed now, opens Thursday at 8:30 am')
  // 23:30 in Réunion is still Monday there while it is 19:30 UTC.
  t.equal(ouvertureInWords({ ouvert: false, prochain_changement: '2026-12-01T08:00:00+04:00' }, WORDS.fr, new Date('2026-11-30T19:30:00Z')), 'Fermé en ce moment, ouvre demain à 8 h')
  t.equal(ouvertureInWords({ ouvert: null, prochain_changement: null }, WORDS.fr), null, 'unknown: nothing said')
})
