// <aio-lieux>: the lieux of a filter a portal fixes in advance (every Mission locale of a
// département, the CIO near a commune…), as a list a person can act on, and a map on demand.
import { AioElement } from './base.js'
import { getJson } from './dom.js'
import type { Lieu } from './format.js'
import { WORDS } from './i18n.js'
import { lieuCard } from './lieu-card.js'
import { showMap } from './map-slot.js'

/** Attributes passed through to GET /v1/lieux as they are. */
const FILTERS = ['type', 'mission', 'public', 'besoin', 'code-commune', 'code-postal', 'code-departement', 'code-region', 'q', 'rayon', 'limit'] as const

export class AioLieux extends AioElement {
  static observedAttributes = ['api', 'lang', 'map', ...FILTERS]
  private readonly list = AioElement.list('list', 'lieux')

  constructor() {
    super()
    this.root.append(this.status, this.mapSlot, this.list)
  }

  connectedCallback() {
    void this.load()
  }

  attributeChangedCallback() {
    if (this.isConnected) void this.load()
  }

  private async load() {
    const ticket = ++this.request
    const w = WORDS[this.language]
    const params = new URLSearchParams()
    for (const name of FILTERS) {
      const value = this.getAttribute(name)
      if (value) params.set(name.replaceAll('-', '_'), value)
    }
    this.status.textContent = w.searchingLieux
    try {
      const body = await getJson<{ data: Lieu[] }>(`${this.api}/v1/lieux?${params}`)
      if (ticket !== this.request) return
      const lieux = body.data
      this.list.replaceChildren(...lieux.map((lieu) => lieuCard(lieu, this.language)))
      this.status.textContent = lieux.length === 0 ? w.noLieu : w.lieux(lieux.length)
      showMap(this, this.mapSlot, lieux, this.language)
    } catch (error) {
      if (ticket !== this.request) return
      this.list.replaceChildren()
      this.status.textContent = w.failed((error as Error).message)
    }
  }
}
