// The iframe page (/widget/orientation, /widget/lieux) for sites that cannot add a script (a
// CMS): the widget alone on a page of the API, configured by the page's query string, which
// tells its parent its height as it changes so that a parent running aio.js resizes it.
// aio.js, loaded by the page beside this script, defines the elements; they upgrade once it runs.

const ALLOWED = ['lang', 'public', 'besoin', 'age', 'code-commune', 'limit', 'lieux', 'map', 'tuiles', 'type', 'mission',
  'code-postal', 'code-departement', 'code-region', 'q', 'rayon']

const tag = location.pathname.endsWith('/lieux') ? 'aio-lieux' : 'aio-orientation'
const widget = document.createElement(tag)
for (const [name, value] of new URLSearchParams(location.search)) {
  const attribute = name.replaceAll('_', '-')
  if (ALLOWED.includes(attribute)) widget.setAttribute(attribute, value)
}
if (widget.getAttribute('lang')) document.documentElement.lang = widget.getAttribute('lang')!
document.body.append(widget)

if (window.parent !== window) {
  let last = 0
  new ResizeObserver(() => {
    const height = document.documentElement.scrollHeight
    if (height === last) return
    last = height
    window.parent.postMessage({ type: 'aio:hauteur', height }, '*')
  }).observe(document.body)
}
