// The contributions' queries: keys, a lieu read for update, its update, and the history of
// changes. A change and its history row are written in one transaction.
import { type SQL, sql } from 'drizzle-orm'
import { type DatabaseHandle, rowsOf } from '../../db/client.js'
import type { Tx } from '../sites/lieux-writer.js'

export type Portee = 'structure' | 'reseau' | 'admin'

export interface Cle {
  id: string
  libelle: string
  portee: Portee
  structure: string | null
  reseau: string | null
  departement: string | null
  cree_le: string
  expire_le: string
  revoque_le: string | null
}

/** A lieu as an edit needs it: its editable fields, what a key's scope is checked against, its version. */
export interface EditableLieu {
  id: string
  structure: string
  type: string
  code_departement: string | null
  nom: string
  adresse: string | null
  complement_adresse: string | null
  code_postal: string | null
  code_insee: string | null
  commune: string | null
  latitude: number
  longitude: number
  telephone: string | null
  courriel: string | null
  site_web: string | null
  horaires_accueil: string | null
  accessibilite: string | null
  modes_accueil: string[]
  statut: 'actif' | 'ferme'
  sequence: number
}

export interface EditableStructure {
  id: string
  type: string
  nom: string
  siret: string | null
  site_web: string | null
  /** The départements of its lieux (a network head's key may be bound to one). */
  departements: string[]
  sequence: number
}

export interface Changement {
  id: number
  action: 'creation' | 'modification' | 'fermeture' | 'annulation' | 'valeur-source'
  date: string
  cle: { id: string; libelle: string } | null
  avant: Record<string, unknown>
  apres: Record<string, unknown>
  annule: number | null
}

const KEY_COLUMNS = sql`id, libelle, portee, structure, reseau, departement,
  to_char(cree_le AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS cree_le,
  to_char(expire_le AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS expire_le,
  to_char(revoque_le AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS revoque_le`

const txRows = async <T>(tx: Tx, query: SQL) => rowsOf<T>(await tx.execute(query))

/** A row's changed fields written, marked as published by the structure today; its new version. */
async function updateRow(tx: Tx, table: 'lieux' | 'structures', id: string, set: SQL[], fields: string[]): Promise<number> {
  const dated = sql`jsonb_build_object(${sql.join(fields.flatMap((f) => [sql`${f}::text`, sql`to_char(now(), 'YYYY-MM-DD')`]), sql`, `)})`
  const [row] = await txRows<{ sequence: number }>(tx, sql`UPDATE ${sql.identifier(table)} SET ${sql.join(set, sql`, `)},
      champs_contribues = champs_contribues || ${dated}, date_maj = current_date
    WHERE id = ${id} RETURNING sequence`)
  return Number(row!.sequence)
}

export function contributionsRepository(database: DatabaseHandle) {
  const { rows } = database
  return {
    async createKey(key: Omit<Cle, 'cree_le' | 'revoque_le'> & { empreinte: string }): Promise<Cle> {
      const [row] = await rows<Cle>(sql`INSERT INTO cles (id, empreinte, libelle, portee, structure, reseau, departement, expire_le)
        VALUES (${key.id}, ${key.empreinte}, ${key.libelle}, ${key.portee}, ${key.structure}, ${key.reseau}, ${key.departement}, ${key.expire_le}::timestamptz)
        RETURNING ${KEY_COLUMNS}`)
      return row!
    },

    listKeys: () => rows<Cle>(sql`SELECT ${KEY_COLUMNS} FROM cles ORDER BY cree_le, id`),

    async revokeKey(id: string): Promise<boolean> {
      const changed = await rows<{ id: string }>(sql`UPDATE cles SET revoque_le = now() WHERE id = ${id} AND revoque_le IS NULL RETURNING id`)
      return changed.length > 0
    },

    /** The key with its hash, when it exists, is not revoked and has not expired. */
    async usableKey(id: string): Promise<(Cle & { empreinte: string }) | null> {
      const [row] = await rows<Cle & { empreinte: string }>(sql`SELECT ${KEY_COLUMNS}, empreinte FROM cles
        WHERE id = ${id} AND revoque_le IS NULL AND expire_le > now()`)
      return row ?? null
    },

    structureExists: async (id: string) => (await rows(sql`SELECT 1 FROM structures WHERE id = ${id}`)).length > 0,
    departementExists: async (code: string) => (await rows(sql`SELECT 1 FROM departements WHERE code = ${code}`)).length > 0,

    // Inside an edit's transaction, every read goes through it: the embedded database has one
    // connection, which the transaction holds until it ends.

    /** The commune a lieu is moved to: its name and département; null when unknown. */
    async commune(tx: Tx, codeInsee: string): Promise<{ nom: string; departement: string } | null> {
      const [row] = await txRows<{ nom: string; departement: string }>(tx, sql`SELECT nom, departement FROM communes WHERE code_insee = ${codeInsee}`)
      return row ?? null
    },

    /**
     * The département a point lies in, as far as commune centres tell: that of the nearest
     * centre, and whether the point is within reach of its own commune's centre (a point near a
     * border may be nearer a centre across it).
     */
    async pointDepartement(tx: Tx, lon: number, lat: number, codeInsee: string | null): Promise<{ nearest: string | null; ownCentreKm: number | null }> {
      const point = sql`ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)::geography`
      const [row] = await txRows<{ nearest: string | null; own_km: number | null }>(tx, sql`SELECT
        (SELECT departement FROM communes WHERE centre IS NOT NULL ORDER BY centre <-> ${point} LIMIT 1) AS nearest,
        (SELECT ST_Distance(centre, ${point}) / 1000 FROM communes WHERE code_insee = ${codeInsee}) AS own_km`)
      return { nearest: row?.nearest ?? null, ownCentreKm: row?.own_km ?? null }
    },

    transaction: <T>(work: (tx: Tx) => Promise<T>) => database.db.transaction(work),

    /** The lieu, locked until the transaction ends: a concurrent edit waits, then sees the new version. */
    async lieuForUpdate(tx: Tx, id: string): Promise<EditableLieu | null> {
      const [row] = await txRows<EditableLieu>(tx, sql`SELECT l.id, l.structure, l.type, c.departement AS code_departement,
          l.nom, l.adresse, l.complement_adresse, l.code_postal, l.code_insee, l.commune,
          ST_Y(l.position::geometry) AS latitude, ST_X(l.position::geometry) AS longitude,
          l.telephone, l.courriel, l.site_web, l.horaires_accueil, l.accessibilite, l.modes_accueil, l.statut, l.sequence
        FROM lieux l LEFT JOIN communes c ON c.code_insee = l.code_insee
        WHERE l.id = ${id} FOR UPDATE OF l`)
      return row ? { ...row, sequence: Number(row.sequence) } : null
    },

    /** The structure a lieu is opened for: its type, for the key's scope. */
    async structureForUpdate(tx: Tx, id: string): Promise<{ id: string; type: string } | null> {
      const [row] = await txRows<{ id: string; type: string }>(tx, sql`SELECT id, type FROM structures WHERE id = ${id} FOR UPDATE`)
      return row ?? null
    },

    /** The centre of a commune, where a new lieu without coordinates stands. */
    async communeCentre(tx: Tx, codeInsee: string): Promise<{ latitude: number; longitude: number } | null> {
      const [row] = await txRows<{ latitude: number | null; longitude: number | null }>(tx, sql`SELECT
        ST_Y(centre::geometry) AS latitude, ST_X(centre::geometry) AS longitude FROM communes WHERE code_insee = ${codeInsee}`)
      return row?.latitude == null || row.longitude == null ? null : { latitude: row.latitude, longitude: row.longitude }
    },

    /** A new lieu, published by its structure: every field it gave counts as the structure's own. */
    async insertLieu(tx: Tx, lieu: { id: string; structure: string; type: string; values: Record<string, unknown>;
      latitude: number; longitude: number; precision: 'adresse' | 'commune' }): Promise<number> {
      const fields = Object.keys(lieu.values)
      const columns = fields.map((f) => sql.identifier(f))
      const values = fields.map((f) => (f === 'modes_accueil' ? sql`${sql.param(lieu.values[f])}::text[]` : sql`${lieu.values[f] ?? null}`))
      const dated = sql`jsonb_build_object(${sql.join([...fields, 'latitude', 'statut'].flatMap((f) => [sql`${f}::text`, sql`to_char(now(), 'YYYY-MM-DD')`]), sql`, `)})`
      const [row] = await txRows<{ sequence: number }>(tx, sql`INSERT INTO lieux (id, structure, type, source, source_id, date_maj, statut,
          position, precision_position, champs_contribues, ${sql.join(columns, sql`, `)})
        VALUES (${lieu.id}, ${lieu.structure}, ${lieu.type}, 'contribution', ${lieu.id}, current_date, 'actif',
          ST_SetSRID(ST_MakePoint(${lieu.longitude}, ${lieu.latitude}), 4326)::geography, ${lieu.precision}, ${dated},
          ${sql.join(values, sql`, `)})
        RETURNING sequence`)
      return Number(row!.sequence)
    },

    async structureForEdit(tx: Tx, id: string): Promise<EditableStructure | null> {
      const [row] = await txRows<EditableStructure>(tx, sql`SELECT s.id, s.type, s.nom, s.siret, s.site_web, s.sequence,
          ARRAY(SELECT DISTINCT c.departement FROM lieux l JOIN communes c ON c.code_insee = l.code_insee WHERE l.structure = s.id) AS departements
        FROM structures s WHERE s.id = ${id} FOR UPDATE OF s`)
      return row ? { ...row, sequence: Number(row.sequence) } : null
    },

    /** Writes the changed fields, marks them as published by the structure today, returns the new version. */
    updateLieu: (tx: Tx, id: string, set: SQL[], fields: string[]) => updateRow(tx, 'lieux', id, set, fields),
    updateStructure: (tx: Tx, id: string, set: SQL[], fields: string[]) => updateRow(tx, 'structures', id, set, fields),

    async addChange(tx: Tx, change: { objet: 'lieu' | 'structure'; objetId: string; action: Changement['action']; cle: string;
      avant: Record<string, unknown>; apres: Record<string, unknown>; annule?: number }): Promise<number> {
      const [row] = await txRows<{ id: number }>(tx, sql`INSERT INTO historique (objet, objet_id, action, cle, avant, apres, annule)
        VALUES (${change.objet}, ${change.objetId}, ${change.action}, ${change.cle}, ${JSON.stringify(change.avant)}::jsonb,
          ${JSON.stringify(change.apres)}::jsonb, ${change.annule ?? null}) RETURNING id`)
      return Number(row!.id)
    },

    /** One change of a lieu, for its revert. */
    async changeOf(tx: Tx, objet: 'lieu' | 'structure', id: string, changeId: number): Promise<Changement | null> {
      const [row] = await txRows<Changement>(tx, sql`SELECT id::int AS id, action, avant, apres FROM historique
        WHERE id = ${changeId} AND objet = ${objet} AND objet_id = ${id}`)
      return row ?? null
    },

    /** A lieu's or structure's changes, oldest first, with the label of the key that made each. */
    history: (objet: 'lieu' | 'structure', id: string) => rows<Changement>(sql`SELECT h.id::int AS id, h.action,
        to_char(h.date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS date,
        CASE WHEN k.id IS NULL THEN NULL ELSE json_build_object('id', k.id, 'libelle', k.libelle) END AS cle,
        h.avant, h.apres, h.annule::int AS annule
      FROM historique h LEFT JOIN cles k ON k.id = h.cle
      WHERE h.objet = ${objet} AND h.objet_id = ${id} ORDER BY h.id`)
  }
}

export type ContributionsRepository = ReturnType<typeof contributionsRepository>
