// esbuild bundles .css files as text (the `text` loader): a style sheet for a shadow root.
declare module '*.css' {
  const css: string
  export default css
}

declare module 'leaflet/dist/leaflet-src.esm.js' {
  export * from 'leaflet'
}
