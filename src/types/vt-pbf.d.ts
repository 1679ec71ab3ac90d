// vt-pbf ships no types: the one function the tiles module calls, as its README documents it.
declare module 'vt-pbf' {
  interface TileFeature {
    /** 1: point. */
    type: 1 | 2 | 3
    /** Point: [[x, y]] in tile coordinates (0..extent). */
    geometry: [number, number][]
    tags: Record<string, string | number | boolean>
    id?: number
  }
  export function fromGeojsonVt(layers: Record<string, { features: TileFeature[] }>, options?: { version?: number; extent?: number }): Uint8Array
  const vtpbf: { fromGeojsonVt: typeof fromGeojsonVt }
  export default vtpbf
}
