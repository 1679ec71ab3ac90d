// <aio-orientation> with the commune a portal fixes (code-commune): the answer says the
// commune's name, "près de Saint-Quentin", never its code; in any case of the code, in French
// and in English.
import t from 'tap'
import { launchBrowser } from '../../helpers/browser.js'
import { buildTestApp } from '../../helpers/build-app.js'
import { hostPage } from '../../helpers/host-page.js'

const app = await buildTestApp(t)
const api = await app.listen({ port: 0, host: '127.0.0.1' })
const browser = await launchBrowser(t)

for (const [code, lang, said] of [
  ['02691', 'fr', /^\d+ réseaux? peu(ven)?t vous aider près de Saint-Quentin\.$/],
  ['2b033', 'fr', /^\d+ réseaux? peu(ven)?t vous aider près de Bastia\.$/],
  ['02691', 'en', /^\d+ networks? can help you near Saint-Quentin\.$/]
] as const) {
  t.test(`code-commune="${code}" (${lang}): the status names the commune`, { skip: !browser }, async (t) => {
    const host = await hostPage(api, `<script type="module" src="${api}/widget/aio.js"></script>
<aio-orientation public="scolaires" besoin="choisir-orientation" code-commune="${code}"></aio-orientation>`, lang)
    t.teardown(host.close)
    const page = await browser!.newPage()
    t.teardown(() => page.close())
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(error.message))
    await page.goto(host.url)
    await page.locator('aio-orientation li.recommandation').first().waitFor({ timeout: 20_000 })
    const status = page.locator('aio-orientation [part=status]')
    await page.waitForFunction(() => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): { shadowRoot: { querySelector(s: string): { textContent: string } | null } } | null } }).document
      return /près de|near/.test(doc.querySelector('aio-orientation')?.shadowRoot.querySelector('[part=status]')?.textContent ?? '')
    }, undefined, { timeout: 10_000 })
    const text = (await status.textContent())!.trim()
    t.match(text, said)
    t.notMatch(text, /\d{5}|2[AB]\d{3}/i, 'no INSEE code in the sentence')
    t.same(problems, [])
  })
}
