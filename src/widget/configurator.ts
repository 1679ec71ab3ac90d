// The configurator page (/widget): a portal picks what it fixes in advance, sees the live
// widget, and copies the snippet (script + element, or an iframe for a CMS that takes no script).
// aio.js, loaded by the page beside this script, defines the elements; they upgrade once it runs.

interface Code { code: string; libelle: string }

const origin = location.origin
const form = document.querySelector<HTMLFormElement>('#options')!
const preview = document.querySelector<HTMLElement>('#preview')!
const snippet = document.querySelector<HTMLTextAreaElement>('#snippet')!
const frameSnippet = document.querySelector<HTMLTextAreaElement>('#iframe-snippet')!

async function fill(list: string, url: string) {
  const target = document.querySelector<HTMLElement>(list)!
  const { data } = (await (await fetch(url)).json()) as { data: Code[] }
  for (const { code, libelle } of data) {
    const label = document.createElement('label')
    const box = document.createElement('input')
    box.type = 'checkbox'
    box.name = target.dataset.name!
    box.value = code
    label.append(box, ` ${libelle} `)
    const small = document.createElement('code')
    small.textContent = code
    label.append(small)
    target.append(label)
  }
}

/** The attributes the options give, in a stable order. */
function attributes(): [string, string][] {
  const data = new FormData(form)
  const out: [string, string][] = []
  const lang = String(data.get('lang') ?? 'fr')
  if (lang !== 'fr') out.push(['lang', lang])
  for (const name of ['type', 'public', 'besoin']) {
    const values = data.getAll(name).map(String).filter(Boolean)
    if (values.length > 0) out.push([name, values.join(',')])
  }
  for (const name of ['code-commune', 'code-departement', 'limit']) {
    const value = String(data.get(name) ?? '').trim()
    if (value) out.push([name, value])
  }
  if (data.get('map')) out.push(['map', ''])
  return out
}

const escape = (s: string) => s.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;')

function update() {
  const tag = String(new FormData(form).get('composant')) === 'lieux' ? 'aio-lieux' : 'aio-orientation'
  const attrs = attributes()
  const element = document.createElement(tag)
  for (const [name, value] of attrs) element.setAttribute(name, value)
  preview.replaceChildren(element)
  const html = attrs.map(([n, v]) => (v ? ` ${n}="${escape(v)}"` : ` ${n}`)).join('')
  snippet.value = `<script type="module" src="${origin}/widget/aio.js"></script>\n<${tag}${html}></${tag}>`
  const query = new URLSearchParams(attrs.map(([n, v]) => [n, v || 'true']))
  const page = tag === 'aio-lieux' ? 'lieux' : 'orientation'
  frameSnippet.value = `<iframe src="${origin}/widget/${page}?${escape(query.toString())}" title="Qui peut m’aider près de chez moi ?" ` +
    `style="width:100%;height:720px;border:0" loading="lazy"></iframe>\n` +
    `<!-- facultatif : la hauteur suit le contenu -->\n<script type="module" src="${origin}/widget/aio.js"></script>`
}

for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-copy]')) {
  button.addEventListener('click', async () => {
    const source = document.querySelector<HTMLTextAreaElement>(button.dataset.copy!)!
    await navigator.clipboard.writeText(source.value).catch(() => source.select())
    button.textContent = 'Copié'
    setTimeout(() => (button.textContent = 'Copier'), 1500)
  })
}

let timer: ReturnType<typeof setTimeout> | undefined
form.addEventListener('input', () => {
  clearTimeout(timer)
  timer = setTimeout(update, 300)
})
await Promise.all([fill('#publics', '/v1/publics'), fill('#besoins', '/v1/besoins')]).catch(() => {})
update()
