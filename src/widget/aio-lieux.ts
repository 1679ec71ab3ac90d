// <aio-lieux>: the lieux of a filter a portal fixes in advance (every Mission locale of a
// département, the CIO near a commune…), as a list a person can act on. Text from the API
// is set as text, never parsed as HTML.
import { addressLine, directionsHref, distanceInWords, type Lieu, phoneInWords, safeWebHref, telHref } from './format.js'
import { STYLES } from './styles.js'

/** Attributes passed through to GET /v1/lieux as they are. */
const FILTERS = ['type', 'mission', 'public', 'besoin', 'code-commune', 'code-postal', 'code-departement', 'code-region', 'q', 'rayon', 'limit'] as const

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, part?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  if (text !== undefined) node.textContent = text
  if (part) node.setAttribute('part', part)
  return node
}

function link(href: string, text: string, label?: string): HTMLAnchorElement {
  const a = element('a', text, 'link')
  a.href = href
  if (label) a.setAttribute('aria-label', label)
  if (/^https?:/.test(href)) {
    a.target = '_blank'
    a.rel = 'noopener noreferrer'
  }
  return a
}

export function lieuCard(lieu: Lieu): HTMLLIElement {
  const item = element('li', undefined, 'lieu')
  item.append(element('h3', lieu.nom, 'name'))
  const address = addressLine(lieu)
  if (address) item.append(element('p', address, 'address'))
  const distance = distanceInWords(lieu.distance_m)
  if (distance) item.append(element('p', distance, 'distance'))
  const links = element('p', undefined, 'links')
  links.className = 'links'
  if (lieu.telephone) {
    const spoken = phoneInWords(lieu.telephone)
    links.append(link(telHref(lieu.telephone), spoken, `Appeler ${lieu.nom} : ${spoken}`))
  }
  if (lieu.courriel) links.append(link(`mailto:${lieu.courriel}`, lieu.courriel, `Écrire à ${lieu.nom}`))
  const site = safeWebHref(lieu.site_web)
  if (site) links.append(link(site, 'Site web', `Site web de ${lieu.nom}`))
  links.append(link(directionsHref(lieu), 'Itinéraire', `Itinéraire vers ${lieu.nom} (OpenStreetMap)`))
  item.append(links)
  return item
}

/**
 * A constructed style sheet, not a <style> element: a host page whose Content-Security-Policy
 * forbids inline styles (no 'unsafe-inline') still styles the widget.
 */
function adoptStyles(root: ShadowRoot) {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet()
    sheet.replaceSync(STYLES)
    root.adoptedStyleSheets = [sheet]
  } else {
    root.append(element('style', STYLES))
  }
}

export class AioLieux extends HTMLElement {
  static observedAttributes = ['api', ...FILTERS]
  private readonly root: ShadowRoot
  private readonly status: HTMLParagraphElement
  private readonly list: HTMLOListElement
  private request = 0

  constructor() {
    super()
    this.root = this.attachShadow({ mode: 'open' })
    adoptStyles(this.root)
    this.status = element('p', '', 'status')
    this.status.className = 'status'
    this.status.setAttribute('role', 'status')
    this.status.setAttribute('aria-live', 'polite')
    this.list = element('ol', undefined, 'list')
    this.root.append(this.status, this.list)
  }

  connectedCallback() {
    void this.load()
  }

  attributeChangedCallback() {
    if (this.isConnected) void this.load()
  }

  /** The API's origin: the `api` attribute, else where this script was served from. */
  get api(): string {
    return (this.getAttribute('api') ?? new URL('..', import.meta.url).origin).replace(/\/$/, '')
  }

  private async load() {
    const ticket = ++this.request
    const params = new URLSearchParams()
    for (const name of FILTERS) {
      const value = this.getAttribute(name)
      if (value) params.set(name.replaceAll('-', '_'), value)
    }
    this.status.textContent = 'Recherche des lieux…'
    try {
      const res = await fetch(`${this.api}/v1/lieux?${params}`, { headers: { accept: 'application/json' } })
      const body = await res.json()
      if (ticket !== this.request) return
      if (!res.ok) throw new Error(body.detail ?? `HTTP ${res.status}`)
      const lieux = body.data as Lieu[]
      this.list.replaceChildren(...lieux.map(lieuCard))
      this.status.textContent = lieux.length === 0 ? 'Aucun lieu ne correspond.' : `${lieux.length} lieu${lieux.length > 1 ? 'x' : ''}`
    } catch (error) {
      if (ticket !== this.request) return
      this.list.replaceChildren()
      this.status.textContent = `Les lieux n’ont pas pu être chargés (${(error as Error).message}).`
    }
  }
}
