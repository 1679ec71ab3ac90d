// The embeddable widget, served at /widget/aio.js: `<script type="module" src=".../widget/aio.js">`
// then `<aio-orientation></aio-orientation>` or `<aio-lieux type="ml" code-departement="02">`.
// No key, no build step on the portal's side, nothing loaded from a CDN.
import { AioLieux } from './aio-lieux.js'
import { AioOrientation } from './aio-orientation.js'
import { resizeFramesFromApi } from './frame-parent.js'

if (!customElements.get('aio-lieux')) customElements.define('aio-lieux', AioLieux)
if (!customElements.get('aio-orientation')) customElements.define('aio-orientation', AioOrientation)
resizeFramesFromApi()
