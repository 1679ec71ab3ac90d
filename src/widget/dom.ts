// Small DOM helpers: every text from the API goes through textContent, never innerHTML.
import { STYLES } from './styles.js'

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, part?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  if (text !== undefined) node.textContent = text
  if (part) node.setAttribute('part', part)
  return node
}

/** A link; one to another site opens in a new tab without handing it this page. */
export function link(href: string, text: string, label?: string): HTMLAnchorElement {
  const a = element('a', text, 'link')
  a.href = href
  if (label) a.setAttribute('aria-label', label)
  if (/^https?:/.test(href)) {
    a.target = '_blank'
    a.rel = 'noopener noreferrer'
  }
  return a
}

/**
 * A constructed style sheet, not a <style> element: a host page whose Content-Security-Policy
 * forbids inline styles (no 'unsafe-inline') still styles the widget.
 */
export function adoptStyles(root: ShadowRoot, css = STYLES) {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet()
    sheet.replaceSync(css)
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet]
  } else {
    root.append(element('style', css))
  }
}

/** The API's origin: the `api` attribute, else where this script was served from. */
export function apiOrigin(host: Element): string {
  return (host.getAttribute('api') ?? new URL('..', import.meta.url).origin).replace(/\/$/, '')
}

/** GET a JSON resource; a problem+json answer becomes an error carrying its detail. */
export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, signal })
  const body = await res.json().catch(() => null)
  if (!res.ok) throw new Error((body as { detail?: string } | null)?.detail ?? `HTTP ${res.status}`)
  return body as T
}
