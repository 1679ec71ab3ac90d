// <aio-orientation>: the person's journey. Where they are (commune or postcode), who they are
// (publics, or "I don't know"), what they need (besoins), optionally their situation (what a
// network's condition asks: /v1/situations) and age → the networks that can help, ranked by
// GET /v1/orientation, each with why (`pourquoi`), how to reach it and its nearest lieux. What a
// portal fixes in advance (public, besoin, situation, age, code-commune) is not asked.
import { CommuneCombobox } from './commune-combobox.js'
import { AioElement } from './base.js'
import { element, getJson, link } from './dom.js'
import type { Lieu } from './format.js'
import { safeWebHref, telHref } from './format.js'
import { type Lang, WORDS } from './i18n.js'
import { lieuCard } from './lieu-card.js'
import { showMap } from './map-slot.js'

interface Code { code: string; libelle: string }
interface Acces { mode: string; libelle: string; valeur: string | null }
interface Recommandation { rang: number; nom: string; pourquoi: string; acces: Acces[]; lieux: Lieu[] }

/** Marks a portal (or the bench) can read: the commune chosen, the results on screen. */
export const MARK_CHOSEN = 'aio:commune-choisie'
export const MARK_RESULTS = 'aio:resultats'

export class AioOrientation extends AioElement {
  static observedAttributes = ['lang']
  private form: HTMLFormElement | undefined
  private combobox: CommuneCombobox | undefined
  private readonly results = AioElement.list('results', 'recommandations')
  /** The language the form was built in (rebuilt when the page's language changes). */
  private built: Lang | undefined

  connectedCallback() {
    if (this.built !== this.language) void this.build()
  }

  attributeChangedCallback() {
    if (this.isConnected && this.built !== undefined && this.built !== this.language) void this.build()
  }

  /** A list given by the portal ("scolaires,etudiants"), or null when the person chooses. */
  private fixed(name: string): string[] | null {
    const value = this.getAttribute(name)?.trim()
    return value ? value.split(',').map((v) => v.trim()).filter(Boolean) : null
  }

  private async build() {
    const lang = (this.built = this.language)
    const w = WORDS[lang]
    const form = element('form', undefined, 'form')
    form.noValidate = true
    const parts: HTMLElement[] = []
    if (!this.getAttribute('code-commune')) {
      this.combobox = new CommuneCombobox(() => this.api, lang, () => {
        performance.mark(MARK_CHOSEN)
        if (this.selected('besoin').length > 0) void this.search()
      })
      parts.push(this.combobox.field)
    }
    // Always said: the API would otherwise follow the browser's Accept-Language, not the page's language.
    const suffix = `?lang=${lang}`
    const [publics, besoins, situations] = await Promise.all([
      this.fixed('public') ? null : getJson<{ data: Code[] }>(`${this.api}/v1/publics${suffix}`).catch(() => null),
      this.fixed('besoin') ? null : getJson<{ data: Code[] }>(`${this.api}/v1/besoins${suffix}`).catch(() => null),
      this.fixed('situation') ? null : getJson<{ data: Code[] }>(`${this.api}/v1/situations${suffix}`).catch(() => null)
    ])
    // "Tous publics" is the glossary's word; a person who does not know where to go says it so.
    if (publics) {
      const own = publics.data.filter((p) => p.code !== 'tous-publics')
      const dontKnow = publics.data.filter((p) => p.code === 'tous-publics').map((p) => ({ ...p, libelle: w.dontKnow }))
      parts.push(this.choices('public', w.who, [...own, ...dontKnow]))
    }
    if (besoins) parts.push(this.choices('besoin', w.need, besoins.data))
    if (situations) parts.push(this.choices('situation', w.situation, situations.data))
    if (!this.getAttribute('age')) {
      const field = element('div', undefined, 'field')
      field.className = 'field'
      const label = element('label', w.age, 'label')
      const input = element('input', undefined, 'input')
      Object.assign(input, { type: 'number', name: 'age', min: '0', max: '120', inputMode: 'numeric', id: `${this.combobox?.input.id ?? 'aio'}-age` })
      input.className = 'age'
      label.htmlFor = input.id
      field.append(label, input)
      parts.push(field)
    }
    const submit = element('button', w.submit, 'button')
    submit.type = 'submit'
    parts.push(submit)
    form.append(...parts)
    form.addEventListener('submit', (event) => {
      event.preventDefault()
      void this.search()
    })
    this.form = form
    this.root.replaceChildren(form, this.status, this.mapSlot, this.results)
    if (this.getAttribute('code-commune') && this.fixed('besoin')) void this.search()
  }

  private choices(name: string, legend: string, codes: Code[]): HTMLFieldSetElement {
    const fieldset = element('fieldset', undefined, 'fieldset')
    fieldset.append(element('legend', legend, 'legend'))
    const list = element('div')
    list.className = 'choices'
    for (const { code, libelle } of codes) {
      const label = element('label', undefined, 'choice')
      label.className = 'choice'
      const box = element('input')
      Object.assign(box, { type: 'checkbox', name, value: code })
      label.append(box, ` ${libelle}`)
      list.append(label)
    }
    fieldset.append(list)
    return fieldset
  }

  private selected(name: string): string[] {
    return this.fixed(name) ?? [...(this.form?.querySelectorAll<HTMLInputElement>(`input[name=${name}]:checked`) ?? [])].map((i) => i.value)
  }

  /** Says what is missing and puts the focus there (the field is marked invalid). */
  private missing(message: string, focus: HTMLElement | null | undefined) {
    this.status.textContent = message
    focus?.setAttribute('aria-invalid', 'true')
    focus?.focus()
  }

  private async search() {
    const w = WORDS[this.language]
    const commune = this.getAttribute('code-commune') ?? this.combobox?.value?.code_insee
    if (!commune) return this.missing(w.communeMissing, this.combobox?.input)
    const besoin = this.selected('besoin')
    if (besoin.length === 0) return this.missing(w.needMissing, this.form?.querySelector<HTMLElement>('input[name=besoin]'))
    const params = new URLSearchParams({ besoin: besoin.join(','), code_commune: commune })
    const publics = this.selected('public')
    if (publics.length > 0) params.set('public', publics.join(','))
    const situations = this.selected('situation')
    if (situations.length > 0) params.set('situation', situations.join(','))
    const age = this.getAttribute('age') ?? this.form?.querySelector<HTMLInputElement>('input[name=age]')?.value
    if (age) params.set('age', age)
    for (const [attribute, param] of [['limit', 'types'], ['lieux', 'lieux_par_type']]) {
      const value = this.getAttribute(attribute!)
      if (value) params.set(param!, value)
    }
    params.set('lang', this.language)
    const ticket = ++this.request
    this.status.textContent = w.searching
    try {
      const body = await getJson<{ recommandations: Recommandation[] }>(`${this.api}/v1/orientation?${params}`)
      if (ticket !== this.request) return
      this.render(body.recommandations)
      // The commune by its name: the one chosen in the list, else the name of the code the portal fixed.
      const where = this.combobox?.value?.nom ?? (await CommuneCombobox.nameOf(this.api, commune)) ?? commune
      if (ticket !== this.request) return
      this.status.textContent = w.results(body.recommandations.length, where)
      performance.mark(MARK_RESULTS)
      this.dispatchEvent(new CustomEvent('aio-resultats', { bubbles: true, composed: true, detail: { count: body.recommandations.length } }))
    } catch (error) {
      if (ticket !== this.request) return
      this.results.replaceChildren()
      this.status.textContent = w.failed((error as Error).message)
    }
  }

  private render(recommandations: Recommandation[]) {
    const lang = this.language
    const w = WORDS[lang]
    this.results.replaceChildren(
      ...recommandations.map((r) => {
        const item = element('li', undefined, 'recommandation')
        item.className = 'recommandation'
        item.append(element('h3', `${r.rang}. ${r.nom}`, 'network'), element('p', r.pourquoi, 'pourquoi'))
        const ways = r.acces.map((a) => this.accesLink(a)).filter((a): a is HTMLElement => a !== null)
        if (ways.length > 0) {
          const p = element('p', `${w.reach}${w.colon}`, 'acces')
          p.className = 'links'
          p.append(...ways)
          item.append(p)
        }
        if (r.lieux.length > 0) {
          const list = element('ol', undefined, 'lieux')
          list.className = 'lieux'
          list.setAttribute('aria-label', `${w.nearest} : ${r.nom}`)
          list.append(...r.lieux.map((lieu) => lieuCard(lieu, lang, 'h4')))
          item.append(list)
        }
        return item
      })
    )
    showMap(this, this.mapSlot, recommandations.flatMap((r) => r.lieux), lang)
  }

  private accesLink(a: Acces): HTMLElement | null {
    if (a.mode === 'telephone' && a.valeur) return link(telHref(a.valeur), a.libelle)
    const href = safeWebHref(a.valeur)
    return href ? link(href, a.libelle) : element('span', a.libelle)
  }
}
