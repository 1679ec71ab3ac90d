// The embeddable widget, served at /widget/aio.js: `<script type="module" src=".../widget/aio.js">`
// then `<aio-lieux type="ml" code-departement="02"></aio-lieux>`. No key, no build step on
// the portal's side, nothing loaded from a CDN.
import { AioLieux } from './aio-lieux.js'

if (!customElements.get('aio-lieux')) customElements.define('aio-lieux', AioLieux)
