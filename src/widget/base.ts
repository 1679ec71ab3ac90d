// What both elements share: a shadow root with the widget's styles, a status line announced to
// screen readers, a slot for the map, the page's language and the API's address.
import { adoptStyles, apiOrigin, element } from './dom.js'
import type { Lang } from './i18n.js'

/** The element's language: its own `lang`, else the nearest ancestor's (the host page's). */
export function langOf(element: Element): Lang {
  const tag = element.closest('[lang]')?.getAttribute('lang') ?? 'fr'
  return /^en\b/i.test(tag) ? 'en' : 'fr'
}

export abstract class AioElement extends HTMLElement {
  protected readonly root: ShadowRoot
  protected readonly status: HTMLParagraphElement
  protected readonly mapSlot: HTMLDivElement
  /** Increases with each search: an answer that arrives after a newer search started is dropped. */
  protected request = 0

  constructor() {
    super()
    this.root = this.attachShadow({ mode: 'open' })
    adoptStyles(this.root)
    this.status = element('p', '', 'status')
    this.status.className = 'status'
    // role=status is a polite live region: what it says is read out when it changes.
    this.status.setAttribute('role', 'status')
    this.mapSlot = element('div', undefined, 'map')
  }

  get language(): Lang {
    return langOf(this)
  }

  protected get api(): string {
    return apiOrigin(this)
  }

  /** An ordered list with its `part` name and its class (the styles use the class). */
  protected static list(part: string, className: string): HTMLOListElement {
    const list = element('ol', undefined, part)
    list.className = className
    return list
  }
}
