// A person's journey in <aio-orientation>, with the keyboard alone, on a partner's page of
// another origin (strict CSP, CSS that resets everything): the commune typed and picked in
// the combobox, who they are, what they need → the ranked networks, the CIO of Saint-Quentin
// first with its address and hours in words. In French, in English, in the iframe page; axe-core
// finds no serious or critical violation; the map shows its markers with no basemap reachable.
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import t, { type Test } from 'tap'
import { launchBrowser } from '../../helpers/browser.js'
import { buildTestApp } from '../../helpers/build-app.js'
import { hostPage } from '../../helpers/host-page.js'

const app = await buildTestApp(t)
const api = await app.listen({ port: 0, host: '127.0.0.1' })
const browser = await launchBrowser(t)
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** What has the focus, inside the widget's shadow root: its accessible label or text. */
function focusedLabel(): string {
  type El = { shadowRoot: { activeElement: El | null } | null; labels?: { textContent: string }[]; textContent: string; getAttribute(n: string): string | null }
  const doc = (globalThis as unknown as { document: { activeElement: El | null } }).document
  const inner = doc.activeElement?.shadowRoot?.activeElement
  if (!inner) return ''
  return (inner.labels?.[0]?.textContent ?? inner.getAttribute('aria-label') ?? inner.textContent).trim()
}

/** Tab forward until the focused control's label matches (at most 40 steps, as a person would). */
async function tabTo(page: Page, label: RegExp) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab')
    if (label.test(await page.evaluate(focusedLabel))) return
  }
  throw new Error(`no control labelled ${label} reached with Tab`)
}

async function openPage(t: Test, body: string, lang: string) {
  const host = await hostPage(api, body, lang)
  t.teardown(host.close)
  const page = await browser!.newPage({ viewport: { width: 1000, height: 900 } })
  t.teardown(() => page.close())
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text())
  })
  page.on('pageerror', (error) => problems.push(error.message))
  await page.goto(host.url)
  return { page, problems }
}

/** axe-core in the page (evaluated through the driver: the host's CSP forbids inline scripts). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource)
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe
    return axe.run({ include: [['aio-orientation']] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
  })
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`)
}

const journeys = [
  {
    lang: 'fr', who: /Collégiens et lycéens/, need: /Choisir une orientation/, submit: /Qui peut m’aider/,
    status: /réseaux? peu(ven)?t vous aider près de Saint-Quentin/, pourquoi: /accueille les collégiens et lycéens\. C'est la référence pour choisir votre orientation\./,
    hours: /Du lundi au vendredi de 8 h 30 à 12 h et de 13 h 30 à 17 h 30/,
    now: /^(Ouvert maintenant, jusqu’à|Fermé en ce moment, ouvre)/
  },
  {
    lang: 'en', who: /Secondary school pupils/, need: /Choose a path/, submit: /Who can help me/,
    status: /networks? can help you near Saint-Quentin/, pourquoi: /welcomes secondary school pupils\. It is the place to go for choosing your path\./,
    hours: /Monday to Friday, 8:30 am to 12 pm and 1:30 pm to 5:30 pm/,
    now: /^(Open now, until|Closed now, opens)/
  }
]

for (const j of journeys) {
  t.test(`the journey with the keyboard alone (${j.lang})`, { skip: !browser }, async (t) => {
    const { page, problems } = await openPage(t, `<script type="module" src="${api}/widget/aio.js"></script>
<aio-orientation></aio-orientation>`, j.lang)
    const combobox = page.getByRole('combobox')
    await combobox.waitFor({ timeout: 20_000 })
    await page.getByRole('checkbox', { name: j.who }).waitFor()
    await page.keyboard.press('Tab')
    t.equal(await combobox.evaluate((el) => el === (el.getRootNode() as unknown as { activeElement: unknown }).activeElement), true, 'Tab reaches the commune first')
    await page.keyboard.type('saint que', { delay: 30 })
    const options = page.getByRole('option')
    // Suggestions for a shorter prefix may show while typing; wait for those of the whole text.
    await page.getByRole('option', { name: 'Saint-Quentin (02100)' }).waitFor()
    t.equal(await options.first().textContent(), 'Saint-Quentin (02100)')
    t.equal(await combobox.getAttribute('aria-expanded'), 'true')
    await page.keyboard.press('ArrowDown')
    t.equal(await combobox.getAttribute('aria-activedescendant'), await options.first().getAttribute('id'), 'the highlighted option is announced')
    await page.keyboard.press('Enter')
    t.equal(await combobox.inputValue(), 'Saint-Quentin (02100)')
    t.equal(await combobox.getAttribute('aria-expanded'), 'false')
    await tabTo(page, j.who)
    await page.keyboard.press('Space')
    await tabTo(page, j.need)
    await page.keyboard.press('Space')
    await tabTo(page, j.submit)
    await page.keyboard.press('Enter')

    const first = page.locator('aio-orientation li.recommandation').first()
    await first.waitFor({ timeout: 20_000 })
    t.match(await page.locator('aio-orientation [role=status]').last().textContent(), j.status, 'the answer is announced')
    t.match(await first.locator('h3').textContent(), /^1\. Centre d'information et d'orientation \(CIO\)/)
    t.match(await first.locator('[part=pourquoi]').textContent(), j.pourquoi)
    const lieu = first.locator('li[part=lieu]').first()
    t.match(await lieu.locator('[part=address]').textContent(), /38 bis boulevard Gambetta, 02100 Saint-Quentin/)
    t.match(await lieu.locator('[part=hours]').textContent(), j.hours, 'hours in words')
    t.match(await lieu.locator('[part=open-now]').textContent(), j.now, 'open now or not, and until when')
    t.match(await lieu.locator('a[href^="tel:"]').getAttribute('href'), /^tel:\+33323642777$/)
    const timing = await page.evaluate(() => {
      const p = (globalThis as unknown as { performance: { measure(n: string, a: string, b: string): { duration: number } } }).performance
      return p.measure('aio', 'aio:commune-choisie', 'aio:resultats').duration
    })
    t.comment(`${j.lang}: results on screen ${Math.round(timing)} ms after the commune was chosen (the bench reports the budget)`)
    t.same(await axeViolations(page), [], 'axe-core: no serious or critical violation')
    t.same(problems, [], 'no error and no CSP violation in the console')
    await page.screenshot({ path: `${t.testdirName}-${j.lang}.png`, fullPage: true }).catch(() => {})
  })
}

t.test('a person says their situation, or that they do not know where to go', { skip: !browser }, async (t) => {
  const { page, problems } = await openPage(t, `<script type="module" src="${api}/widget/aio.js"></script>
<aio-orientation code-commune="31555"></aio-orientation>`, 'fr')
  const unsaid = page.getByRole('checkbox', { name: /Chômage de longue durée/ })
  await unsaid.waitFor({ timeout: 20_000 })
  await page.getByRole('checkbox', { name: /Demandeurs d'emploi/ }).check()
  await page.getByRole('checkbox', { name: /Être accompagné vers l'emploi/ }).check()
  await unsaid.check()
  await page.getByRole('checkbox', { name: /Orientation par un prescripteur/ }).check()
  await page.getByRole('button', { name: /Qui peut m’aider/ }).click()
  const networks = page.locator('aio-orientation li.recommandation h3')
  await networks.first().waitFor({ timeout: 20_000 })
  t.ok((await networks.allTextContents()).some((n) => /\(PLIE\)/.test(n)), 'the PLIE, whose condition was said, is offered')

  await page.getByRole('checkbox', { name: /Demandeurs d'emploi/ }).uncheck()
  await page.getByRole('checkbox', { name: /Être accompagné vers l'emploi/ }).uncheck()
  await page.getByRole('checkbox', { name: /Chômage de longue durée/ }).uncheck()
  await page.getByRole('checkbox', { name: /Orientation par un prescripteur/ }).uncheck()
  await page.getByRole('checkbox', { name: /Je ne sais pas à qui m’adresser/ }).check()
  await page.getByRole('checkbox', { name: /Choisir une orientation/ }).check()
  await page.getByRole('button', { name: /Qui peut m’aider/ }).click()
  await page.locator('aio-orientation [part=pourquoi]', { hasText: 'premier accueil' }).first().waitFor({ timeout: 20_000 })
  t.match(await networks.first().textContent(), /^1\. (Centre d'information et d'orientation|Réseau Information Jeunesse|Cité des métiers|Espace France services)/)
  t.same(await axeViolations(page), [], 'axe-core: no serious or critical violation')
  t.same(problems, [], 'no error in the console')
})

t.test('what is missing is said, and the focus goes there', { skip: !browser }, async (t) => {
  const { page } = await openPage(t, `<script type="module" src="${api}/widget/aio.js"></script><aio-orientation></aio-orientation>`, 'fr')
  await page.getByRole('button', { name: /Qui peut m’aider/ }).click()
  t.match(await page.locator('aio-orientation [part=status]').textContent(), /Choisissez votre commune/)
  t.equal(await page.getByRole('combobox').getAttribute('aria-invalid'), 'true')
})

t.test('the iframe page resizes its parent; the map shows its markers without a basemap', { skip: !browser }, async (t) => {
  const src = `${api}/widget/orientation?public=scolaires&besoin=choisir-orientation&code-commune=02691&map=true`
  const { page, problems } = await openPage(t, `<script type="module" src="${api}/widget/aio.js"></script>
<iframe src="${src}" title="Qui peut m’aider ?" width="900" height="150"></iframe>`, 'fr')
  const frame = page.frameLocator('iframe')
  await frame.locator('aio-orientation li.recommandation').first().waitFor({ timeout: 20_000 })
  await page.waitForFunction(() => {
    const doc = (globalThis as unknown as { document: { querySelector(s: string): { offsetHeight: number } } }).document
    return doc.querySelector('iframe').offsetHeight > 1000
  }, undefined, { timeout: 10_000 })
  t.pass('the parent set the frame to its content’s height')
  const markers = frame.locator('aio-orientation .leaflet-interactive')
  await markers.first().waitFor({ timeout: 10_000 })
  const lieux = await frame.locator('aio-orientation li[part=lieu]').count()
  t.equal(await markers.count(), lieux, `one marker per lieu (${lieux}), tiles unreachable`)
  t.same(problems.filter((p) => !/tile\.openstreetmap|ERR_|Failed to load resource/.test(p)), [], 'no other error')
})

t.test('the configurator builds the snippet and shows the live widget', { skip: !browser }, async (t) => {
  const page = await browser!.newPage()
  t.teardown(() => page.close())
  await page.goto(`${api}/widget`)
  await page.locator('#preview aio-orientation').waitFor()
  await page.getByRole('radio', { name: 'English' }).check()
  await page.locator('#besoins input[value=vae]').check()
  await page.waitForFunction(() =>
    (globalThis as unknown as { document: { querySelector(s: string): { value: string } } }).document.querySelector('#snippet').value.includes('besoin="vae"'))
  const snippet = await page.locator('#snippet').inputValue()
  t.match(snippet, `<script type="module" src="${api}/widget/aio.js"></script>`)
  t.match(snippet, '<aio-orientation lang="en" besoin="vae"></aio-orientation>')
  t.match(await page.locator('#iframe-snippet').inputValue(), `${api}/widget/orientation?lang=en&amp;besoin=vae`)
  t.equal(await page.locator('#preview aio-orientation').getAttribute('lang'), 'en')
})
