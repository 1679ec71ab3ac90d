// The map of the lieux (Leaflet, bundled and served by the API: no CDN). Markers are SVG
// circles, so they show even when no basemap tile loads (offline, or a host whose CSP
// forbids the tile server). The tile URL is the `tuiles` attribute, OSM France by default.
// Leaflet's ES module build: the UMD one would need esbuild's CommonJS helpers in a chunk shared with aio.js.
import * as L from 'leaflet/dist/leaflet-src.esm.js'
import leafletCss from 'leaflet/dist/leaflet.css'
// Types only: this chunk shares no code with aio.js, so aio.js loads as one file.
import type { adoptStyles } from './dom.js'
import type { Lieu } from './format.js'

export const DEFAULT_TILES = 'https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png'
export const OSM_ATTRIBUTION = '© les contributeurs d’<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'

const styled = new WeakSet<ShadowRoot>()
const maps = new WeakMap<HTMLElement, L.Map>()

export function drawMap(slot: HTMLElement, lieux: Lieu[], label: string, adopt: typeof adoptStyles, tiles = DEFAULT_TILES) {
  const root = slot.getRootNode()
  if (root instanceof ShadowRoot && !styled.has(root)) {
    adopt(root, leafletCss)
    styled.add(root)
  }
  maps.get(slot)?.remove()
  const container = document.createElement('div')
  container.className = 'map'
  container.setAttribute('role', 'region')
  container.setAttribute('aria-label', label)
  slot.replaceChildren(container)
  const map = L.map(container, { scrollWheelZoom: false })
  maps.set(slot, map)
  L.tileLayer(tiles, { maxZoom: 19, attribution: OSM_ATTRIBUTION }).addTo(map)
  const markers = lieux.map((lieu) =>
    L.circleMarker([lieu.latitude, lieu.longitude], { radius: 7, weight: 2, color: '#000091', fillColor: '#6a6af4', fillOpacity: 0.9 })
      .bindTooltip(lieu.nom)
      .addTo(map)
  )
  const bounds = L.featureGroup(markers).getBounds()
  map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 })
}
