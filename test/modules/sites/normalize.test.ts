import t from 'tap'
import { dilaOpeningHours, normalizeEmail, normalizePhone, normalizeUrl, textOf } from '../../../src/modules/sites/normalize.js'

t.test('DILA opening hours become OSM opening_hours, in week order', async (t) => {
  t.equal(
    dilaOpeningHours([
      { début: 'samedi', fin: 'samedi', PlageH: { début: '09:00:00', fin: '11:00:00' } },
      { début: 'lundi', fin: 'vendredi', PlageH: [{ début: '08:30:00', fin: '12:00:00' }, { début: '13:30:00', fin: '17:30:00' }] }
    ]),
    'Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-11:00'
  )
  t.equal(dilaOpeningHours({ début: 'mardi', fin: 'mardi', PlageH: { début: '14:00:00', fin: '17:00:00' } }), 'Tu 14:00-17:00')
  t.equal(dilaOpeningHours([{ début: 'lundi', fin: 'lundi' }]), null, 'a day without hours is not a rule')
  t.equal(dilaOpeningHours([{ début: 'lundi', fin: 'lundi', PlageH: { début: '17:00:00', fin: '09:00:00' } }]), null, 'an inverted range is dropped')
  t.equal(dilaOpeningHours([{ début: 'funday', fin: 'lundi', PlageH: { début: '09:00:00', fin: '12:00:00' } }]), null)
})

t.test('phone numbers in E.164, overseas with their own country code', async (t) => {
  t.equal(normalizePhone('03 23 64 27 77', '02691'), '+33323642777')
  t.equal(normalizePhone('02 62 90 10 10', '97411'), '+262262901010')
  t.equal(normalizePhone('05 90 00 00 00', '97101'), '+590590000000')
  t.equal(normalizePhone('+33 1 23 45 67 89'), '+33123456789')
  t.equal(normalizePhone('3949'), '3949', 'a short service number stays as dialled')
  t.equal(normalizePhone('12 34'), null)
  t.equal(textOf({ coût: 'Numéro violet', $t: '3949' }), '3949')
})

t.test('URLs and e-mails are checked', async (t) => {
  t.equal(normalizeUrl('http://www2.ac-lyon.frorientation/ain/bourg'), null, 'a host glued to its path is dropped')
  t.equal(normalizeUrl('www.apec.fr'), 'http://www.apec.fr/')
  t.equal(normalizeUrl('not a url'), null)
  t.equal(normalizeEmail('cio-bourg@AC-LYON.FR'), 'cio-bourg@ac-lyon.fr')
  t.equal(normalizeEmail('cio.bourg@'), null)
  // Seen in the DILA file; the Table Schema's email and uri formats reject them.
  t.equal(normalizeEmail('pij.@ville-beziers.fr'), null, 'a local part ending with a dot is dropped')
  t.equal(normalizeEmail('ciojoue@ac_orleans_tours.fr'), null, 'an underscore in a domain is dropped')
  t.equal(normalizeEmail("o'brien+cio@ac-lyon.fr"), "o'brien+cio@ac-lyon.fr", 'RFC 5322 atom characters are kept')
  t.equal(normalizeUrl('http://www.ville-pantin.frespace_16_25_ans.html/'), null, 'a host ending in a file name is dropped')
  t.equal(normalizeUrl('https://www.ville-pantin.fr/espace_16_25_ans.html'), 'https://www.ville-pantin.fr/espace_16_25_ans.html')
})
