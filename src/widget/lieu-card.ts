// One lieu as a person needs it: where, how far, when, whether a wheelchair gets in, and a
// way to call, write, visit the site or get there.
import { element, link } from './dom.js'
import { addressLine, directionsHref, distanceInWords, type Lieu, phoneInWords, safeWebHref, telHref } from './format.js'
import { hoursInWords, ouvertureInWords } from './hours.js'
import { type Lang, WORDS } from './i18n.js'

export function lieuCard(lieu: Lieu, lang: Lang, heading: 'h3' | 'h4' = 'h3'): HTMLLIElement {
  const w = WORDS[lang]
  const item = element('li', undefined, 'lieu')
  item.className = 'lieu'
  item.dataset.id = lieu.id
  item.append(element(heading, lieu.nom, 'name'))
  const address = addressLine(lieu)
  if (address) item.append(element('p', address, 'address'))
  const distance = distanceInWords(lieu.distance_m, lang)
  if (distance) {
    const p = element('p', w.distance(distance), 'distance')
    if (lieu.distance_approximative) p.append(` (${w.approximate})`)
    item.append(p)
  }
  // A 2017 "Pôle emploi" office: the person looks for France Travail, and should know it is the same.
  if (lieu.type_origine && lieu.type && lieu.type_origine !== lieu.type.code) item.append(element('p', w.nowPartOf(lieu.type.nom), 'renamed'))
  if (lieu.a_confirmer) item.append(element('p', w.toConfirm, 'to-confirm'))
  const now = lieu.ouverture ? ouvertureInWords(lieu.ouverture, w) : null
  if (now) {
    const p = element('p', now, 'open-now')
    p.className = lieu.ouverture?.ouvert ? 'open-now open' : 'open-now closed'
    item.append(p)
  }
  if (lieu.horaires_accueil) {
    const lines = hoursInWords(lieu.horaires_accueil, w) ?? [lieu.horaires_accueil]
    const hours = element('div', undefined, 'hours')
    hours.className = 'hours'
    hours.append(element('span', `${w.hours}${w.colon}`, 'hours-label'))
    const list = element('ul')
    list.append(...lines.map((line) => element('li', line)))
    hours.append(list)
    item.append(hours)
  }
  if (lieu.accessibilite) item.append(element('p', w.accessibility[lieu.accessibilite], 'accessibility'))
  const links = element('p', undefined, 'links')
  links.className = 'links'
  if (lieu.telephone) {
    const spoken = phoneInWords(lieu.telephone)
    links.append(link(telHref(lieu.telephone), spoken, w.call(lieu.nom, spoken)))
  }
  if (lieu.courriel) links.append(link(`mailto:${lieu.courriel}`, lieu.courriel, w.write(lieu.nom, lieu.courriel)))
  const site = safeWebHref(lieu.site_web)
  if (site) links.append(link(site, w.website, w.websiteOf(lieu.nom)))
  links.append(link(directionsHref(lieu), w.directions, w.directionsTo(lieu.nom)))
  item.append(links)
  return item
}
