// The commune field: an ARIA 1.2 combobox with a list of suggestions (the WAI-ARIA
// Authoring Practices' "list autocomplete" pattern). Type two letters or a postcode, move
// with the arrow keys, Enter picks, Escape closes; the pointer works too. Suggestions come
// from GET /v1/territoires/communes, the same search as the API's.
import { element, getJson } from './dom.js'
import { WORDS, type Words } from './i18n.js'

export interface Commune { code_insee: string; nom: string; codes_postaux: string[]; departement: string }

const DEBOUNCE_MS = 120
let instances = 0

/** Commune names by API and INSEE code, asked once per page (CommuneCombobox.nameOf). */
const names = new Map<string, Promise<string | null>>()

export class CommuneCombobox {
  readonly field: HTMLDivElement
  readonly input: HTMLInputElement
  private readonly listbox: HTMLUListElement
  private readonly count: HTMLSpanElement
  private options: Commune[] = []
  private active = -1
  private timer: ReturnType<typeof setTimeout> | undefined
  private controller: AbortController | undefined
  private chosen: Commune | null = null
  private readonly w: Words
  private readonly id = `aio-commune-${++instances}`

  constructor(private readonly api: () => string, lang: 'fr' | 'en', private readonly onChoose: (commune: Commune) => void) {
    this.w = WORDS[lang]
    this.field = element('div', undefined, 'field commune')
    this.field.className = 'field combobox'
    const label = element('label', this.w.commune, 'label')
    label.htmlFor = this.id
    const hint = element('p', this.w.communeHint, 'hint')
    hint.className = 'hint'
    hint.id = `${this.id}-hint`
    this.input = element('input', undefined, 'input')
    Object.assign(this.input, { id: this.id, type: 'text', autocomplete: 'off', spellcheck: false })
    this.input.setAttribute('role', 'combobox')
    this.input.setAttribute('aria-autocomplete', 'list')
    this.input.setAttribute('aria-expanded', 'false')
    this.input.setAttribute('aria-controls', `${this.id}-list`)
    this.input.setAttribute('aria-describedby', hint.id)
    this.listbox = element('ul', undefined, 'suggestions')
    this.listbox.className = 'suggestions'
    this.listbox.id = `${this.id}-list`
    this.listbox.setAttribute('role', 'listbox')
    this.listbox.setAttribute('aria-label', this.w.commune)
    this.listbox.hidden = true
    // How many suggestions there are, said once they arrive (screen readers do not all say it).
    this.count = element('span')
    this.count.className = 'visually-hidden'
    this.count.setAttribute('role', 'status')
    this.field.append(label, hint, this.input, this.listbox, this.count)
    this.input.addEventListener('input', () => this.typed())
    this.input.addEventListener('keydown', (event) => this.key(event))
    this.input.addEventListener('blur', () => setTimeout(() => this.close(), 150))
  }

  get value(): Commune | null {
    return this.chosen
  }

  private typed() {
    this.chosen = null
    clearTimeout(this.timer)
    // The answer for what was typed before is no longer wanted.
    this.controller?.abort()
    const q = this.input.value.trim()
    if (q.length < 2) return this.close()
    this.timer = setTimeout(() => void this.suggest(q), DEBOUNCE_MS)
  }

  private async suggest(q: string) {
    this.controller?.abort()
    this.controller = new AbortController()
    try {
      const params = new URLSearchParams({ q, limit: '8' })
      const body = await getJson<{ data: Commune[] }>(`${this.api()}/v1/territoires/communes?${params}`, this.controller.signal)
      this.show(body.data)
    } catch (error) {
      if ((error as Error).name !== 'AbortError') this.show([])
    }
  }

  private show(communes: Commune[]) {
    this.options = communes
    this.active = -1
    this.listbox.replaceChildren(
      ...communes.map((commune, i) => {
        const option = element('li', CommuneCombobox.label(commune), 'suggestion')
        option.id = `${this.id}-option-${i}`
        option.setAttribute('role', 'option')
        option.setAttribute('aria-selected', 'false')
        // mousedown, not click: the input keeps the focus and the list is not closed under the pointer.
        option.addEventListener('mousedown', (event) => {
          event.preventDefault()
          this.choose(i)
        })
        return option
      })
    )
    this.listbox.hidden = communes.length === 0
    this.input.setAttribute('aria-expanded', String(communes.length > 0))
    this.input.removeAttribute('aria-activedescendant')
    this.count.textContent = communes.length === 0 ? this.w.communeNone : this.w.communeCount(communes.length)
  }

  /**
   * The name of a commune from its INSEE code (a portal's `code-commune`), to say "près de
   * Saint-Quentin" rather than "près de 02691"; null when it cannot be had (the code is said then).
   */
  static nameOf(api: string, code: string): Promise<string | null> {
    const key = `${api} ${code}`
    let name = names.get(key)
    if (!name) {
      name = getJson<{ nom: string }>(`${api}/v1/territoires/communes/${encodeURIComponent(code)}`).then((c) => c.nom, () => null)
      names.set(key, name)
    }
    return name
  }

  /** "Saint-Quentin (02100)"; a commune with several postcodes shows its first, then "…". */
  static label(commune: Commune): string {
    const [first, ...more] = commune.codes_postaux
    return first ? `${commune.nom} (${first}${more.length > 0 ? '…' : ''})` : `${commune.nom} (${commune.departement})`
  }

  private move(to: number) {
    if (this.options.length === 0) return
    this.active = (to + this.options.length) % this.options.length
    for (const [i, option] of [...this.listbox.children].entries()) option.setAttribute('aria-selected', String(i === this.active))
    const option = this.listbox.children[this.active] as HTMLElement
    this.input.setAttribute('aria-activedescendant', option.id)
    option.scrollIntoView({ block: 'nearest' })
  }

  private key(event: KeyboardEvent) {
    const open = !this.listbox.hidden
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault()
        if (open) this.move(this.active + 1)
        else if (this.options.length > 0) this.show(this.options)
        break
      case 'ArrowUp':
        event.preventDefault()
        if (open) this.move(this.active - 1)
        break
      case 'Enter':
        // Enter picks the highlighted commune; with the list closed it submits the form.
        if (open && this.active >= 0) {
          event.preventDefault()
          this.choose(this.active)
        }
        break
      case 'Escape':
        if (open) {
          event.preventDefault()
          this.close()
        } else if (this.input.value) {
          this.input.value = ''
          this.chosen = null
        }
        break
    }
  }

  private choose(i: number) {
    const commune = this.options[i]
    if (!commune) return
    this.chosen = commune
    this.input.value = CommuneCombobox.label(commune)
    this.close()
    this.input.removeAttribute('aria-invalid')
    this.onChoose(commune)
  }

  close() {
    this.listbox.hidden = true
    this.input.setAttribute('aria-expanded', 'false')
    this.input.removeAttribute('aria-activedescendant')
    this.active = -1
  }
}
