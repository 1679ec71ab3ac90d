// On a page that embeds the widget as an iframe (/widget/orientation) and loads this script,
// the frame grows with its content: the frame says its height, the page sets it. Only
// messages from the API's origin, and only to the frame that sent them, are acted on.
const API = new URL('..', import.meta.url).origin
let installed = false

export function resizeFramesFromApi() {
  if (installed) return
  installed = true
  window.addEventListener('message', (event: MessageEvent) => {
    if (event.origin !== API) return
    const data = event.data as { type?: string; height?: number } | null
    if (data?.type !== 'aio:hauteur' || typeof data.height !== 'number' || !Number.isFinite(data.height)) return
    for (const frame of document.querySelectorAll('iframe')) {
      if (frame.contentWindow === event.source) frame.style.height = `${Math.ceil(data.height)}px`
    }
  })
}
