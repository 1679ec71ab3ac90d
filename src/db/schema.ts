// The database model. Column names are the public contract's vocabulary (French, as in
// schema.data.gouv.fr and data·inclusion): the JSON fields and CSV headers use the same names.
import { sql } from 'drizzle-orm'
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  boolean,
  date,
  doublePrecision,
  uniqueIndex
} from 'drizzle-orm/pg-core'
import { geographyPoint } from './geography.js'
import { int4multirange } from './multirange.js'

// ---------------------------------------------------------------- glossary

export const missions = pgTable('missions', {
  code: text().primaryKey(),
  libelle: text().notNull(),
  description: text().notNull(),
  ordre: smallint().notNull()
})

export const publics = pgTable('publics', {
  code: text().primaryKey(),
  libelle: text().notNull(),
  description: text().notNull(),
  /** The closest data·inclusion v1 `publics` code, when one exists. */
  code_di_public: text(),
  /** Wider publics this one is a kind of (a cadre is a salarié or a demandeur d'emploi). */
  inclus_dans: text().array().notNull().default(sql`'{}'::text[]`),
  /** Ages the public itself implies (seniors: 50 and over): rows of other ages do not apply to it. */
  age_min: smallint(),
  age_max: smallint(),
  /** Situations a person of this public is in by saying it (a business creator: a plan to create one). */
  implique: text().array().notNull().default(sql`'{}'::text[]`),
  ordre: smallint().notNull()
})

/**
 * What a network's condition asks beyond a public and an age, in words a person can say of
 * themselves: a plan (apprenticeship, a craft), a status (long-term unemployment), a level
 * (lycée). Orientation checks them (type_publics.criteres); a person who said nothing of one
 * does not meet it.
 */
export const situations = pgTable('situations', {
  code: text().primaryKey(),
  libelle: text().notNull(),
  /** The situation as a person says it, in the first person. */
  formulation: text().notNull(),
  nature: text({ enum: ['projet', 'statut', 'niveau', 'scolarite'] }).notNull(),
  ordre: smallint().notNull()
})

export const besoins = pgTable('besoins', {
  code: text().primaryKey(),
  libelle: text().notNull(),
  /** The need as a person says it, in the first person. */
  formulation: text().notNull(),
  /** The need as a phrase after "pour" in a sentence addressed to the person ("trouver un emploi"). */
  action: text().notNull().default(''),
  description: text().notNull(),
  mission: text()
    .notNull()
    .references(() => missions.code),
  /** Situations a person who has this need is in (a need for apprenticeship: a plan of one). */
  implique: text().array().notNull().default(sql`'{}'::text[]`),
  ordre: smallint().notNull()
})

/** How a person reaches a network when no lieu is near: an official site, directory, line or service. */
export interface Acces {
  /** `relais`: through another service that orients the person to this one. */
  mode: 'site' | 'annuaire' | 'telephone' | 'en-ligne' | 'employeur' | 'relais'
  libelle: string
  /** A URL, or a phone number as it is dialled; null when the way is a person to ask (the employer). */
  valeur: string | null
  /** The official page that gives it. */
  source: string
}

/** Networks whose local relays a person sees as one (CRIJ, BIJ and PIJ: Information Jeunesse). */
export const regroupements = pgTable('regroupements', {
  code: text().primaryKey(),
  nom_usuel: text().notNull(),
  genre: text({ enum: ['m', 'f'] }).notNull(),
  article: boolean().notNull(),
  description: text().notNull()
})

export interface Correspondances {
  /** DILA "pivot local" code of the service-public.fr local-office directory. */
  pivot_dila: string | null
  /** data·inclusion v1 `reseaux-porteurs` code. */
  di_reseau_porteur: string | null
  /** data·inclusion v0 `typologies-de-structures` code. */
  di_typologie: string | null
}

export const types = pgTable(
  'types',
  {
    code: text().primaryKey(),
    sigle: text().notNull(),
    nom: text().notNull(),
    /** The name people use, as it reads in a sentence after its article ("Mission locale", "France Travail"). */
    nom_usuel: text().notNull().default(''),
    /** Grammatical gender of nom_usuel, for agreement ("ouvert", "ouverte"). */
    genre: text({ enum: ['m', 'f'] }).notNull().default('m'),
    /** Whether nom_usuel takes an article ("la Mission locale"; "France Travail" takes none). */
    article: boolean().notNull().default(true),
    regroupement: text().references(() => regroupements.code),
    /** How to reach the network without a lieu nearby (official addresses only). */
    acces: jsonb().$type<Acces[]>().notNull().default(sql`'[]'::jsonb`),
    description: text().notNull(),
    historique: text(),
    reseau: text().notNull(),
    statut: text({ enum: ['actif', 'renomme', 'disparu'] }).notNull(),
    /** Codes of the types that took over (several where a network split into labels). */
    remplace_par: text().array().notNull().default(sql`'{}'::text[]`),
    annee_changement: smallint(),
    anciens_noms: text().array().notNull().default(sql`'{}'::text[]`),
    site_web: text(),
    perimetre: text({ enum: ['national', 'regional', 'departemental', 'bassin-emploi', 'local'] }).notNull(),
    correspondances: jsonb().$type<Correspondances>().notNull(),
    /** Whether the type is one of the 19 acronyms of the AIO workshop report. */
    cite_au_rapport: boolean().notNull().default(false),
    /** A generalist first contact: answers a person who does not know where to go (tous-publics). */
    premier_accueil: boolean().notNull().default(false),
    /** Works remotely by design (phone, online): distance weighs less, and no office is needed. */
    a_distance: boolean().notNull().default(false)
  },
  (t) => [
    check('types_statut_check', sql`${t.statut} IN ('actif', 'renomme', 'disparu')`),
    check(
      'types_perimetre_check',
      sql`${t.perimetre} IN ('national', 'regional', 'departemental', 'bassin-emploi', 'local')`
    ),
    check(
      'types_remplacement_check',
      sql`(${t.statut} = 'actif') = (cardinality(${t.remplace_par}) = 0)`
    )
  ]
)

export const typeMissions = pgTable(
  'type_missions',
  {
    type: text()
      .notNull()
      .references(() => types.code, { onDelete: 'cascade' }),
    mission: text()
      .notNull()
      .references(() => missions.code)
  },
  (t) => [primaryKey({ columns: [t.type, t.mission] }), index('type_missions_mission_idx').on(t.mission)]
)

export const typePublics = pgTable(
  'type_publics',
  {
    type: text()
      .notNull()
      .references(() => types.code, { onDelete: 'cascade' }),
    public: text()
      .notNull()
      .references(() => publics.code),
    /** A condition in plain French, e.g. "16 à 25 ans". */
    condition: text(),
    age_min: smallint(),
    age_max: smallint(),
    /** A main public of the type (false: one it also serves). Ranks recommendations. */
    principal: boolean().notNull().default(true),
    /** Publics the person must also say they belong to (Cap emploi's job seekers: a recognised disability). */
    requiert: text().array().notNull().default(sql`'{}'::text[]`),
    /**
     * Publics a person of this row must not be (the Mission locale's young people are out of
     * school: not a pupil, not a student), whether they named the row's public or their age did.
     */
    exclut: text().array().notNull().default(sql`'{}'::text[]`),
    /**
     * The person's age alone makes them of this row, within its bounds: the row asks nothing else
     * (the Mission locale's young people, the youth information points' 11 to 30), not a wish or
     * a diploma the age does not tell (apprenticeship, "sans diplôme").
     */
    par_age: boolean().notNull().default(false),
    /** With a disability, the age bound rises to this (the Mission locale: up to 29). */
    age_max_handicap: smallint(),
    /**
     * The condition as data: each inner list is a choice of situations (codes of `situations`),
     * every list must be met. [["chomage-longue-duree", "minima-sociaux"], ["orientation-prescripteur"]]
     */
    criteres: jsonb().$type<string[][]>().notNull().default(sql`'[]'::jsonb`),
    /** The row applies only to these needs (France Travail for everyone: its offers and workshops); empty: to all. */
    pour_besoins: text().array().notNull().default(sql`'{}'::text[]`),
    /** The types whose offices deliver this row's service (the CEP of cadres: the Apec's). */
    lieux_de: text().array().notNull().default(sql`'{}'::text[]`),
    /** How a sentence names this row's public when the public's label would mislead (Information Jeunesse: 11 to 30). */
    intitule: text()
  },
  (t) => [primaryKey({ columns: [t.type, t.public] }), index('type_publics_public_idx').on(t.public)]
)

export const typeBesoins = pgTable(
  'type_besoins',
  {
    type: text()
      .notNull()
      .references(() => types.code, { onDelete: 'cascade' }),
    besoin: text()
      .notNull()
      .references(() => besoins.code),
    /** Relevance of the type for the need: 3 the reference, 2 a good answer, 1 a possible one. */
    poids: smallint().notNull()
  },
  (t) => [
    primaryKey({ columns: [t.type, t.besoin] }),
    index('type_besoins_besoin_idx').on(t.besoin),
    check('type_besoins_poids_check', sql`${t.poids} BETWEEN 1 AND 3`)
  ]
)

// ---------------------------------------------------------------- territories

export const regions = pgTable('regions', {
  code: text().primaryKey(),
  nom: text().notNull(),
  chef_lieu: text(),
  zone: text().notNull()
})

export const departements = pgTable(
  'departements',
  {
    code: text().primaryKey(),
    nom: text().notNull(),
    region: text()
      .notNull()
      .references(() => regions.code),
    chef_lieu: text(),
    zone: text().notNull()
  },
  (t) => [index('departements_region_idx').on(t.region)]
)

export const epci = pgTable('epci', {
  code: text().primaryKey(),
  nom: text().notNull(),
  type: text().notNull(),
  population: integer()
})

export const communes = pgTable(
  'communes',
  {
    code_insee: text().primaryKey(),
    nom: text().notNull(),
    type: text({ enum: ['commune-actuelle', 'arrondissement-municipal'] }).notNull(),
    /** For a municipal arrondissement (Paris, Lyon, Marseille), the commune it belongs to. */
    commune_parente: text(),
    codes_postaux: text().array().notNull().default(sql`'{}'::text[]`),
    population: integer(),
    departement: text()
      .notNull()
      .references(() => departements.code),
    region: text()
      .notNull()
      .references(() => regions.code),
    epci: text().references(() => epci.code),
    centre: geographyPoint(),
    /** Where the centre comes from: the geo.api.gouv.fr file, or derived from former communes. */
    centre_origine: text()
  },
  (t) => [
    index('communes_centre_gist').using('gist', t.centre),
    index('communes_nom_trgm').using('gin', sql`aio_normalize(${t.nom}) gin_trgm_ops`),
    index('communes_codes_postaux_gin').using('gin', t.codes_postaux),
    index('communes_departement_idx').on(t.departement),
    index('communes_epci_idx').on(t.epci),
    // A city's arrondissements, for the competence zones (a zone may list the city or its arrondissements).
    index('communes_commune_parente_idx').on(t.commune_parente)
  ]
)

// ---------------------------------------------------------------- structures and lieux

/** An organisation (a mission locale, a CIDFF, France Travail...). */
export const structures = pgTable(
  'structures',
  {
    id: text().primaryKey(),
    nom: text().notNull(),
    type: text()
      .notNull()
      .references(() => types.code),
    siret: text(),
    site_web: text(),
    source: text().notNull(),
    date_maj: date({ mode: 'string' }),
    /**
     * Its open lieux, kept by a statement trigger on lieux (drizzle/0005): a lieu opened or
     * closed changes the structure's row (and its exported line), so the feed carries it.
     */
    nombre_lieux: integer().notNull().default(0),
    /** As for lieux: the change feed's position, set by a trigger (drizzle/0005). */
    sequence: bigint({ mode: 'number' }).notNull().default(0),
    sequence_creation: bigint({ mode: 'number' }).notNull().default(0),
    modifie_le: timestamp({ withTimezone: true }).notNull().defaultNow(),
    champs_contribues: jsonb().$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`)
  },
  (t) => [index('structures_type_idx').on(t.type), index('structures_sequence_idx').on(t.sequence)]
)

/** A place where a structure receives the public. */
export const lieux = pgTable(
  'lieux',
  {
    id: text().primaryKey(),
    structure: text()
      .notNull()
      .references(() => structures.id),
    /** Today's type (an office of a renamed network is filed under its successor). */
    type: text()
      .notNull()
      .references(() => types.code),
    /** The type the source gave, when it has since been renamed. */
    type_origine: text().references(() => types.code),
    nom: text().notNull(),
    adresse: text(),
    complement_adresse: text(),
    code_postal: text(),
    commune: text(),
    code_insee: text(),
    position: geographyPoint().notNull(),
    /** How precise the position is: the address itself, or only the commune centre. */
    precision_position: text({ enum: ['adresse', 'commune'] }).notNull().default('adresse'),
    telephone: text(),
    courriel: text(),
    site_web: text(),
    /** OSM opening_hours syntax. */
    horaires_accueil: text(),
    /** The hours as the open-now filter reads them (`horaires`), linked by a trigger from the text. */
    horaire: integer().references(() => horaires.id),
    /** Whose public holidays and clocks apply (0 national, Paris time): from the commune, by aio_region_feries (drizzle/0006). */
    region_feries: smallint().generatedAlwaysAs(sql`aio_region_feries(code_insee)`),
    /** ACC (accessible), DEM (on request), NAC (not accessible), as the DILA codes them. */
    accessibilite: text(),
    modes_accueil: text().array().notNull().default(sql`'{}'::text[]`),
    source: text().notNull(),
    source_id: text().notNull(),
    date_maj: date({ mode: 'string' }),
    statut: text({ enum: ['actif', 'ferme'] }).notNull().default('actif'),
    /** A lieu of an old source that a fresher source of its network no longer lists (2017 MSAP). */
    a_confirmer: boolean().notNull().default(false),
    /**
     * Position in the change feed: set by a trigger (drizzle/0005) from one sequence at each
     * insert and each change of content, whoever writes. The lieu's ETag.
     */
    sequence: bigint({ mode: 'number' }).notNull().default(0),
    /** The sequence the row was created at: the feed tells a creation from an update. */
    sequence_creation: bigint({ mode: 'number' }).notNull().default(0),
    modifie_le: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Fields a structure published itself, with the date: an import of an older record leaves them. */
    champs_contribues: jsonb().$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`)
  },
  (t) => [
    uniqueIndex('lieux_source_uq').on(t.source, t.source_id),
    index('lieux_position_gist').using('gist', t.position),
    // The nearest lieux of one type (filters and orientation): KNN within the type only.
    index('lieux_type_position_gist').using('gist', t.type, t.position),
    // q searches name and commune together, typo-tolerant (word similarity).
    index('lieux_recherche_trgm').using('gin', sql`aio_normalize(${t.nom} || ' ' || coalesce(${t.commune}, '')) gin_trgm_ops`),
    // Listing by name (no position) pages on (normalised name, id).
    index('lieux_nom_tri_idx').using('btree', sql`aio_normalize(${t.nom}) COLLATE "C"`, t.id),
    index('lieux_type_idx').on(t.type),
    index('lieux_code_insee_idx').on(t.code_insee),
    index('lieux_structure_idx').on(t.structure),
    // Whether a type has lieux to confirm, for orientation to read a few more of its nearest.
    index('lieux_a_confirmer_idx').on(t.type).where(sql`${t.a_confirmer}`),
    index('lieux_sequence_idx').on(t.sequence),
    index('lieux_modifie_le_idx').on(t.modifie_le),
    // Open now at night or on a holiday: the few open hours' lieux, read by this index rather than by a KNN walk.
    index('lieux_horaire_idx').on(t.horaire),
    check('lieux_statut_check', sql`${t.statut} IN ('actif', 'ferme')`),
    check('lieux_precision_position_check', sql`${t.precision_position} IN ('adresse', 'commune')`)
  ]
)

/**
 * Each distinct opening-hours value, read once by the reference parser (src/modules/opening/plages.ts):
 * the minutes of the week it is open, local time, and those of a public holiday. "Open now" is
 * answered from these and `jours_feries`, in SQL.
 */
export const horaires = pgTable('horaires', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  horaires_accueil: text().notNull().unique(),
  /** Minutes of the week open (Monday 00:00 = 0), local time; null when the hours do not repeat weekly. */
  plages: int4multirange(),
  /** Minutes of a public holiday open (empty: closed on holidays). */
  plages_feries: int4multirange().notNull()
})

/** Public holidays by region (the opening_hours library's, national ones under every region), filled for the years asked. */
export const joursFeries = pgTable(
  'jours_feries',
  {
    /** The library's region name, '' for the national holidays alone. */
    region: text().notNull(),
    jour: date({ mode: 'string' }).notNull(),
    nom: text().notNull()
  },
  (t) => [primaryKey({ columns: [t.region, t.jour] })]
)

/** The years `jours_feries` holds, so that one is filled once. */
export const anneesFeries = pgTable('annees_feries', { annee: integer().primaryKey() })

/**
 * Positions an importer did not trust (far from the lieu's commune, swapped, outside France):
 * the lieu stands at its commune centre instead, and data producers get this list to fix.
 */
export const positionsCorrigees = pgTable(
  'positions_corrigees',
  {
    lieu: text()
      .primaryKey()
      .references(() => lieux.id, { onDelete: 'cascade' }),
    source: text().notNull(),
    source_id: text().notNull(),
    /** The coordinates the source gave. */
    latitude: doublePrecision().notNull(),
    longitude: doublePrecision().notNull(),
    /** Metres between them and the commune centre, when the commune is known. */
    distance_commune_m: integer(),
    motif: text().notNull()
  },
  (t) => [index('positions_corrigees_source_idx').on(t.source)]
)

// ---------------------------------------------------------------- contributions

/**
 * Keys that let a structure (or a network head over a territory, or an admin) publish its own
 * lieux. A key reads `aio_<id>_<secret>`: the id finds the row, the secret is checked against
 * an Argon2id hash; the secret itself is never stored.
 */
export const cles = pgTable(
  'cles',
  {
    id: text().primaryKey(),
    empreinte: text().notNull(),
    libelle: text().notNull(),
    portee: text({ enum: ['structure', 'reseau', 'admin'] }).notNull(),
    // No foreign keys to structures and départements: an import may drop a structure that has
    // no lieu left, the territory loader rewrites the départements; a key then simply finds
    // nothing to edit, and the import does not fail because a key exists.
    /** For `structure`: the structure whose lieux the key may edit. */
    structure: text(),
    /** For `reseau`: the type whose structures the key may edit, within `departement` when set. */
    reseau: text().references(() => types.code),
    departement: text(),
    cree_le: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expire_le: timestamp({ withTimezone: true }).notNull(),
    revoque_le: timestamp({ withTimezone: true })
  },
  (t) => [
    check('cles_portee_check', sql`${t.portee} IN ('structure', 'reseau', 'admin')`),
    check('cles_portee_cible_check', sql`(${t.portee} = 'structure') = (${t.structure} IS NOT NULL) AND (${t.portee} = 'reseau') = (${t.reseau} IS NOT NULL)`)
  ]
)

/** Every change a key made, written in the change's own transaction: the fields before and after. */
export const historique = pgTable(
  'historique',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    objet: text({ enum: ['lieu', 'structure'] }).notNull(),
    objet_id: text().notNull(),
    /** `valeur-source`: a source published another value of a field the structure edited later; the structure's is kept, the source's recorded (`apres`). */
    action: text({ enum: ['creation', 'modification', 'fermeture', 'annulation', 'valeur-source'] }).notNull(),
    /** The key's id (never its secret); its label is shown beside it. */
    cle: text().references(() => cles.id),
    date: timestamp({ withTimezone: true }).notNull().defaultNow(),
    avant: jsonb().$type<Record<string, unknown>>().notNull(),
    apres: jsonb().$type<Record<string, unknown>>().notNull(),
    /** For an `annulation`: the change it undid. */
    annule: bigint({ mode: 'number' })
  },
  (t) => [
    index('historique_objet_idx').on(t.objet, t.objet_id, t.id),
    check('historique_objet_check', sql`${t.objet} IN ('lieu', 'structure')`),
    check('historique_action_check', sql`${t.action} IN ('creation', 'modification', 'fermeture', 'annulation', 'valeur-source')`)
  ]
)

// ---------------------------------------------------------------- bookkeeping

/**
 * One row per reference dataset loaded, so a start knows what is already there, and what
 * `/v1/sources` says of it: the file as its publisher named and dated it (the attribution the
 * Licence Ouverte asks for), when it was fetched and applied, and what applying it did.
 */
export const chargements = pgTable('chargements', {
  jeu: text().primaryKey(),
  version: text().notNull(),
  /** When it was applied to the database. */
  date_chargement: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lignes: integer().notNull(),
  /** The publisher's file name (`20261202_051502-data.gouv_local.json`). */
  fichier: text(),
  /** Where it was read from (the publisher's address, or a local path). */
  url: text(),
  /** The file's own date, as published (its name's stamp, else Last-Modified). */
  date_fichier: timestamp({ withTimezone: true, mode: 'string' }),
  /** When it was downloaded. */
  date_telechargement: timestamp({ withTimezone: true, mode: 'string' }),
  sha256: text(),
  /** What applying it did: added, updated, closed, unchanged, skipped, unknown types. */
  comptes: jsonb().$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`)
})

/**
 * The communes an office serves (its competence zone), as its source lists them: a Mission
 * locale is the one of a commune, whichever is nearer. One row per lieu and commune.
 */
export const lieuxCommunes = pgTable(
  'lieux_communes',
  {
    lieu: text()
      .notNull()
      .references(() => lieux.id, { onDelete: 'cascade' }),
    code_insee: text().notNull()
  },
  (t) => [primaryKey({ columns: [t.lieu, t.code_insee] }), index('lieux_communes_commune_idx').on(t.code_insee, t.lieu)]
)

/**
 * When each table last changed, kept by statement triggers (drizzle/0003) whoever writes:
 * the importers, the loaders, or SQL by hand. The exports' ETag and Last-Modified.
 */
export const modifications = pgTable('modifications', {
  nom_table: text().primaryKey(),
  numero: bigint({ mode: 'number' }).notNull().default(0),
  date_modification: timestamp({ withTimezone: true }).notNull().defaultNow()
})

/**
 * The vector tiles' clusters, made once per data revision instead of at every tile (a tile of
 * all France would group every lieu): for each zoom below the one where lieux are drawn one by
 * one, the active lieux of each cell (an eighth of a tile a side; cx, cy count cells from the
 * world's top left) with their number and the sum of their Web Mercator coordinates (0–1: the
 * cluster stands at their mean). Zoom 12 from the lieux, each lower zoom from the one above
 * (src/modules/tiles/clusters.ts).
 */
export const tuilesGrappes = pgTable(
  'tuiles_grappes',
  {
    z: smallint().notNull(),
    cx: integer().notNull(),
    cy: integer().notNull(),
    nombre: integer().notNull(),
    sx: doublePrecision().notNull(),
    sy: doublePrecision().notNull(),
    /** The lieu, when the cell holds one (no foreign key: the table is remade, never edited). */
    lieu: text()
  },
  (t) => [primaryKey({ columns: [t.z, t.cx, t.cy] })]
)

/** The data revision (the change feed's position) `tuiles_grappes` was made from. */
export const tuilesGrappesRevision = pgTable('tuiles_grappes_revision', { revision: bigint({ mode: 'number' }).primaryKey() })
