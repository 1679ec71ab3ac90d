// The map is asked for with the `map` attribute and loaded only then (a separate chunk with
// Leaflet and its styles), so the list alone stays a few kilobytes.
import { adoptStyles, element } from './dom.js'
import type { Lieu } from './format.js'
import { type Lang, WORDS } from './i18n.js'

/** Whether the host asked for a map: `map`, `map=""` or `map="true"`, not `map="false"`. */
export const wantsMap = (host: Element) => host.hasAttribute('map') && host.getAttribute('map') !== 'false'

export function showMap(host: Element, slot: HTMLElement, lieux: Lieu[], lang: Lang) {
  if (!wantsMap(host) || lieux.length === 0) {
    slot.replaceChildren()
    slot.hidden = true
    return
  }
  slot.hidden = false
  const tiles = host.getAttribute('tuiles') ?? undefined
  import('./map.js')
    .then(({ drawMap }) => drawMap(slot, lieux, WORDS[lang].map, adoptStyles, tiles))
    .catch(() => slot.replaceChildren(element('p', WORDS[lang].mapUnavailable, 'status')))
}
