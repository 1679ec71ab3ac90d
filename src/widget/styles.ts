// The widget's own styles, inside its shadow root: the host page's CSS neither reaches nor
// is reached by them. Colours, font and spacing are custom properties a portal may set
// (--aio-*), and every block has a `part` name for ::part() rules. Default colours meet
// WCAG AA contrast on white (the DSFR blue #000091).
export const STYLES = `
:host { display: block; font-family: var(--aio-font, system-ui, sans-serif); color: var(--aio-text, #1e1e1e);
  font-size: var(--aio-font-size, 1rem); line-height: 1.4; }
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.status { margin: .5em 0; color: var(--aio-muted, #4a4a4a); }
ol, ul { margin: 0; padding: 0; }
.lieux, .recommandations { list-style: none; display: grid; gap: var(--aio-gap, .75rem); }
.lieu { border: 1px solid var(--aio-border, #929292); border-radius: var(--aio-radius, .5rem); padding: .75rem 1rem;
  background: var(--aio-background, #fff); }
.recommandation { padding: .75rem 0; border-top: 2px solid var(--aio-accent, #000091); }
.recommandation .lieux { margin-top: .5rem; }
h3, h4 { margin: 0 0 .25rem; font-size: 1.05em; color: var(--aio-title, #000091); }
.recommandation > h3 { font-size: 1.2em; }
p { margin: .15rem 0; }
a { color: var(--aio-link, #000091); text-decoration: underline; }
a:focus-visible, input:focus-visible, button:focus-visible { outline: 3px solid var(--aio-focus, #0a76f6); outline-offset: 2px; }
.links { display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin-top: .4rem; }
.open-now { font-weight: 600; }
.open-now.open { color: var(--aio-open, #18753c); }
.open-now.closed { color: var(--aio-closed, #b34000); }
.hours ul { list-style: none; display: inline; }
.hours li { display: inline; }
.hours li + li::before { content: " · "; }
form { display: grid; gap: .75rem; margin-bottom: 1rem; }
.field { display: grid; gap: .25rem; position: relative; }
label { font-weight: 600; }
.choice { font-weight: normal; display: flex; gap: .4rem; align-items: baseline; }
.hint { font-size: .875em; color: var(--aio-muted, #4a4a4a); margin: 0; }
input[type=text], input[type=number] { font: inherit; padding: .5rem .6rem; border: 1px solid var(--aio-border, #666);
  border-radius: .25rem; background: #fff; color: inherit; max-width: 28rem; width: 100%; }
input[type=number] { max-width: 7rem; }
input[aria-invalid=true] { border: 2px solid #ce0500; }
fieldset { border: 1px solid var(--aio-border, #929292); border-radius: var(--aio-radius, .5rem); margin: 0; padding: .5rem 1rem .75rem; }
legend { font-weight: 600; padding: 0 .25rem; }
.choices { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: .25rem 1rem; }
button { font: inherit; font-weight: 600; justify-self: start; padding: .6rem 1.2rem; border: 0; border-radius: .25rem;
  background: var(--aio-accent, #000091); color: var(--aio-accent-text, #fff); cursor: pointer; }
.suggestions { list-style: none; position: absolute; top: 100%; left: 0; z-index: 10; width: 100%; max-width: 28rem;
  background: #fff; border: 1px solid var(--aio-border, #666); border-radius: .25rem; box-shadow: 0 4px 12px rgb(0 0 0 / .15); }
.suggestions li { padding: .4rem .6rem; cursor: pointer; }
.suggestions li[aria-selected=true] { background: var(--aio-accent, #000091); color: var(--aio-accent-text, #fff); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.map { height: var(--aio-map-height, 320px); margin: .5rem 0 1rem; border-radius: var(--aio-radius, .5rem); }
`
