// The widget's own styles, inside its shadow root: the host page's CSS neither reaches nor
// is reached by them. Colours and spacing are custom properties a portal may set.
export const STYLES = `
:host { display: block; font-family: var(--aio-font, system-ui, sans-serif); color: var(--aio-text, #1e1e1e);
  font-size: var(--aio-font-size, 1rem); line-height: 1.4; }
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.status { margin: .5em 0; color: var(--aio-muted, #555); }
ol { list-style: none; margin: 0; padding: 0; display: grid; gap: var(--aio-gap, .75rem); }
li { border: 1px solid var(--aio-border, #ccc); border-radius: var(--aio-radius, .5rem); padding: .75rem 1rem;
  background: var(--aio-background, #fff); }
h3 { margin: 0 0 .25rem; font-size: 1.05em; color: var(--aio-title, #000091); }
p { margin: .15rem 0; }
a { color: var(--aio-link, #000091); text-decoration: underline; }
a:focus-visible { outline: 3px solid var(--aio-focus, #0a76f6); outline-offset: 2px; }
.links { display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin-top: .4rem; }
`
