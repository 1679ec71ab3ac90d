// The map page (/widget/carte): every lieu of the API drawn from its vector tiles
// (/tiles/lieux/{z}/{x}/{y}.mvt, decoded in the browser) on a Leaflet map. Below zoom 13 the
// tiles hold clusters with their count, drawn as numbered discs that zoom in when clicked (or
// on Enter: they are focusable); from zoom 13 each lieu is a circle whose name opens in a
// popup, and the lieux in view are listed beside the map for keyboards and screen readers.
// Configured by the query string: lat, lon, zoom, tuiles (the basemap's URL template).
import { VectorTile } from '@mapbox/vector-tile'
import * as L from 'leaflet/dist/leaflet-src.esm.js'
import Pbf from 'pbf'
import { element, link } from './dom.js'
import { DEFAULT_TILES, OSM_ATTRIBUTION } from './map.js'

const EXTENT_PX = 256
const POINT_RADIUS = 6
const LIST_MAX = 50
const ATTRIBUTION = `${OSM_ATTRIBUTION} · lieux : API ouverte de l’AIO`

/** A lieu or a cluster of one tile, at its position in the tile (0–256). */
interface Mark { px: number; py: number; inside: boolean; n: number; id?: string; nom?: string; sigle?: string }
interface Loaded { coords: L.Coords; marks: Mark[]; layers?: L.LayerGroup }

const params = new URLSearchParams(location.search)
const number = (name: string, fallback: number, min: number, max: number) => {
  const value = Number(params.get(name))
  return params.has(name) && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback
}
const compact = new Intl.NumberFormat('fr-FR', { notation: 'compact', maximumFractionDigits: 1 })
const whole = new Intl.NumberFormat('fr-FR')

const mapElement = document.getElementById('carte')!
const status = document.getElementById('compte')!
const list = document.getElementById('liste')!
const map = L.map(mapElement, { minZoom: 2, maxZoom: 18 })
  .setView([number('lat', 46.6, -85, 85), number('lon', 2.4, -180, 180)], number('zoom', 6, 2, 18))
L.tileLayer(params.get('tuiles') ?? DEFAULT_TILES, { maxZoom: 19, attribution: ATTRIBUTION }).addTo(map)

const loaded = new Map<string, Loaded>()
/** One popup, reused: a lieu opened replaces the last one. */
const popup = L.popup()
const keyOf = (c: { x: number; y: number; z: number }) => `${c.z}/${c.x}/${c.y}`

async function readTile(coords: L.Coords, signal: AbortSignal): Promise<Mark[]> {
  const response = await fetch(`/tiles/lieux/${coords.z}/${coords.x}/${coords.y}.mvt`, { signal })
  if (response.status === 204) return []
  if (!response.ok) throw new Error(`tile ${keyOf(coords)}: HTTP ${response.status}`)
  const layer = new VectorTile(new Pbf(await response.arrayBuffer())).layers.lieux
  const marks: Mark[] = []
  for (let i = 0; i < (layer?.length ?? 0); i++) {
    const feature = layer!.feature(i)
    const point = feature.loadGeometry()[0]![0]!
    const scale = EXTENT_PX / feature.extent
    const p = feature.properties
    marks.push({
      px: point.x * scale,
      py: point.y * scale,
      // Points in the tile's buffer belong to a neighbour: drawn here, counted there.
      inside: point.x >= 0 && point.y >= 0 && point.x < feature.extent && point.y < feature.extent,
      n: p.cluster ? Number(p.nombre) : 1,
      ...(p.cluster ? {} : { id: String(p.id), nom: String(p.nom), sigle: String(p.sigle) })
    })
  }
  return marks
}

const clusterRadius = (n: number) => Math.round(Math.min(15, 8 + 2.5 * Math.log10(n)))

/** A tile's marks as Leaflet layers: a numbered disc per cluster, a circle per lieu. */
function markLayers(tile: Loaded): L.LayerGroup {
  const group = L.layerGroup()
  for (const mark of tile.marks) {
    // Marks in the tile's buffer belong to a neighbour tile, which draws and counts them.
    if (!mark.inside) continue
    const at = latLngOf(tile, mark)
    if (mark.n > 1) {
      const size = 2 * clusterRadius(mark.n)
      const label = `${whole.format(mark.n)} lieux : zoomer`
      L.marker(at, {
        icon: L.divIcon({ className: 'grappe', html: compact.format(mark.n), iconSize: [size, size] }),
        title: label,
        alt: label,
        keyboard: true
      }).on('click', () => map.setView(at, Math.min(map.getZoom() + 2, 18))).addTo(group)
    } else {
      L.circleMarker(at, { radius: POINT_RADIUS, weight: 2, color: '#ffffff', fillColor: '#000091', fillOpacity: 1, className: 'lieu' })
        .bindTooltip(mark.nom ?? '')
        .on('click', () => openLieu(mark, at))
        .addTo(group)
    }
  }
  return group
}

// The grid only fetches and decodes: its tiles stay empty and the marks are drawn as map layers,
// so that a disc on a tile's edge is neither cut nor drawn twice.
class LieuxLayer extends L.GridLayer {
  override createTile(coords: L.Coords, done: L.DoneCallback): HTMLElement {
    const tile = document.createElement('div')
    const controller = new AbortController()
    ;(tile as HTMLElement & { abort?: () => void }).abort = () => controller.abort()
    readTile(coords, controller.signal).then((marks) => {
      const entry: Loaded = { coords, marks }
      entry.layers = markLayers(entry).addTo(map)
      loaded.set(keyOf(coords), entry)
      done(undefined, tile)
    }, (error: unknown) => done(error instanceof Error ? error : new Error(String(error)), tile))
    return tile
  }
}

const layer = new LieuxLayer({ tileSize: EXTENT_PX, maxZoom: 18, maxNativeZoom: 16, updateWhenZooming: false })
layer.on('tileunload', (event) => {
  const { coords, tile } = event as L.TileEvent
  ;(tile as HTMLElement & { abort?: () => void }).abort?.()
  loaded.get(keyOf(coords))?.layers?.remove()
  loaded.delete(keyOf(coords))
})
layer.addTo(map)

/** Where a mark of a tile is on the map. */
function latLngOf({ coords }: Loaded, mark: Mark): L.LatLng {
  return map.unproject(L.point(coords.x * EXTENT_PX + mark.px, coords.y * EXTENT_PX + mark.py), coords.z)
}

/** The marks of the tiles at the map's zoom whose position is in view (each counted in its own tile). */
function marksInView(): { tile: Loaded; mark: Mark }[] {
  const bounds = map.getBounds()
  const zoom = Math.min(Math.round(map.getZoom()), 16)
  return [...loaded.values()]
    .filter((tile) => tile.coords.z === zoom)
    .flatMap((tile) => tile.marks.filter((mark) => mark.inside).map((mark) => ({ tile, mark })))
    .filter(({ tile, mark }) => bounds.contains(latLngOf(tile, mark)))
}

function openLieu(mark: Mark, at: L.LatLng) {
  const content = element('div')
  content.append(element('strong', mark.nom ?? ''), element('span', ` · ${mark.sigle ?? ''} · `))
  content.append(link(`https://www.openstreetmap.org/directions?to=${at.lat.toFixed(6)}%2C${at.lng.toFixed(6)}`, 'Itinéraire', `Itinéraire vers ${mark.nom}`))
  popup.setLatLng(at).setContent(content).openOn(map)
}

function describe() {
  const inView = marksInView()
  const total = inView.reduce((sum, { mark }) => sum + mark.n, 0)
  const clustered = inView.some(({ mark }) => mark.n > 1)
  status.textContent = total === 0
    ? 'Aucun lieu dans cette zone de la carte.'
    : `${clustered ? 'Environ ' : ''}${whole.format(total)} lieu${total > 1 ? 'x' : ''} dans cette zone de la carte${clustered ? ' : zoomez pour les voir un par un.' : '.'}`
  // What the page shows, for a script or a test to compare with /v1/lieux?bbox=.
  status.dataset.total = String(total)
  status.dataset.bbox = map.getBounds().toBBoxString()
  status.dataset.zoom = String(map.getZoom())
  const lieux = clustered ? [] : inView.sort((a, b) => (a.mark.nom ?? '').localeCompare(b.mark.nom ?? '', 'fr')).slice(0, LIST_MAX)
  list.replaceChildren(...lieux.map(({ tile, mark }) => {
    const item = element('li', '')
    const button = element('button', `${mark.nom} (${mark.sigle})`)
    button.dataset.id = mark.id
    button.addEventListener('click', () => openLieu(mark, latLngOf(tile, mark)))
    item.append(button)
    return item
  }))
  if (inView.length > LIST_MAX && !clustered) list.append(element('li', `… et ${inView.length - LIST_MAX} autres : zoomez pour les voir.`))
}

layer.on('load', describe)
map.on('moveend', () => {
  if (!layer.isLoading()) describe()
})
