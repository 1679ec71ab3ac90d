// The GraphQL contract. Field names are the REST contract's; `npm run graphql:schema`
// publishes it to schema/graphql/schema.graphql (a test fails when the two differ).
export const typeDefs = /* GraphQL */ `
  "Status of a structure type in the glossary."
  enum Statut { actif renomme disparu }

  "What a structure changes on its lieu, as a JSON Merge Patch: a field given is set, null clears it, a field left out stays."
  input LieuModification {
    nom: String, adresse: String, complement_adresse: String, code_postal: String,
    "The commune (its name is set from it)"
    code_insee: String,
    latitude: Float, longitude: Float, telephone: String, courriel: String, site_web: String,
    "OSM opening_hours, checked with the reference parser"
    horaires_accueil: String,
    accessibilite: String, modes_accueil: [String!]
  }

  "A new lieu: nom and code_insee required; without coordinates it stands at its commune's centre."
  input LieuNouveau {
    nom: String!, code_insee: String!, adresse: String, complement_adresse: String, code_postal: String,
    latitude: Float, longitude: Float, telephone: String, courriel: String, site_web: String,
    horaires_accueil: String, accessibilite: String, modes_accueil: [String!]
  }

  "A lieu's week in words."
  type HorairesLisibles {
    fr: [String!]!
    en: [String!]!
  }

  "Whether a lieu is open, on its own clocks and holidays."
  type Ouverture {
    "null when the hours are unknown, only on appointment, or not understood"
    ouvert: Boolean
    "When that changes (ISO 8601 with the lieu's offset)"
    prochain_changement: String
    "The comment in force ('sur rendez-vous', a public holiday's name)"
    commentaire: String
  }

  "A lieu after a write, with its new version (the ETag of GET /v1/lieux/{id})."
  type LieuEcrit {
    lieu: Lieu!
    version: String!
  }

  "What a structure changes on itself (JSON Merge Patch: null clears a field)."
  input StructureModification { nom: String, siret: String, site_web: String }

  "A structure after a write, with its new version (the ETag of GET /v1/structures/{id})."
  type StructureEcrite {
    structure: Structure!
    version: String!
  }

  "The structures' writes, with their key in Authorization: Bearer <key> (the same as the REST writes)."
  type Mutation {
    "Change a lieu; si_version is its current version (the ETag GET /v1/lieux/{id} gave): PRECONDITION_FAILED if it changed since."
    modifierLieu(id: String!, si_version: String!, modification: LieuModification!): LieuEcrit!
    "Close a lieu (kept with statut ferme: out of searches and exports, in the feed)."
    fermerLieu(id: String!, si_version: String!): LieuEcrit!
    "Open a new lieu of a structure."
    ouvrirLieu(structure: String!, lieu: LieuNouveau!): LieuEcrit!
    "Change a structure's name, SIRET or web site; si_version is the ETag of GET /v1/structures/{id}."
    modifierStructure(id: String!, si_version: String!, modification: StructureModification!): StructureEcrite!
  }

  "Language of labels, descriptions and sentences: French (the default) or English. Codes and the networks' proper names stay French."
  enum Langue { fr en }
  "Open at an instant: maintenant (now, or at the instant a)."
  enum Ouvert { maintenant }

  "Codes of the same type in other open-data vocabularies."
  type Correspondances {
    "DILA 'pivot local' code (service-public.fr local offices)"
    pivot_dila: String
    "data·inclusion v1 réseau porteur"
    di_reseau_porteur: String
    "data·inclusion v0 typologie de structure"
    di_typologie: String
  }

  "One of the six fundamental missions of the AIO networks."
  type Mission {
    code: String!
    libelle: String!
    description: String!
    "Needs attached to this mission"
    besoins: [Besoin!]!
    "Types that serve this mission, active first"
    types: [Type!]!
  }

  "A public the networks serve."
  type Public {
    code: String!
    libelle: String!
    description: String!
    code_di_public: String
    "Wider publics this one is a kind of (a cadre is a salarié or a demandeur d'emploi)"
    inclus_dans: [String!]!
    "The ages the public implies (seniors: 50 and over)"
    age_min: Int
    age_max: Int
    "Situations a person of this public is in"
    implique: [String!]!
    "Types that serve this public"
    types: [Type!]!
  }

  "A need as a person says it."
  type Besoin {
    code: String!
    libelle: String!
    formulation: String!
    description: String!
    mission: String!
    "Situations a person with this need is in (see situations)"
    implique: [String!]!
  }

  "A situation a network's condition asks and a person can say: a plan, a status, a level of study."
  type Situation {
    code: String!
    libelle: String!
    formulation: String!
    "projet, statut, niveau or scolarite"
    nature: String!
  }

  "A public of a type, with its condition."
  type TypePublic {
    code: String!
    libelle: String!
    condition: String
    age_min: Int
    age_max: Int
    principal: Boolean!
    "The upper age for a person with a disability, when higher"
    age_max_handicap: Int
    "The condition as data: every list must be met by one of its situations"
    criteres: [[String!]!]!
    "The row applies to these needs only (empty: to all)"
    pour_besoins: [String!]!
    "The types whose offices deliver this service"
    lieux_de: [String!]!
  }

  "A need a type answers, with its weight (3 the reference, 2 a good answer, 1 a possible one)."
  type TypeBesoin {
    code: String!
    libelle: String!
    formulation: String!
    mission: String!
    poids: Int!
  }

  "A way to reach a network when no lieu is near (official addresses only)."
  type Acces {
    "site, annuaire, telephone, en-ligne, employeur or relais"
    mode: String!
    libelle: String!
    "A URL, or the number to dial; null for employeur"
    valeur: String
    "The official page that gives it"
    source: String!
  }

  "A structure type of the AIO glossary (CIO, Mission locale, APEC...)."
  type Type {
    code: String!
    sigle: String!
    nom: String!
    "The name people use, as it reads in a sentence after its article"
    nom_usuel: String!
    "The network whose local relays a person sees as one (information-jeunesse)"
    regroupement: String
    "How to reach the network when no lieu is near"
    acces: [Acces!]!
    description: String!
    historique: String
    reseau: String!
    statut: Statut!
    "Codes of the types that took over"
    remplace_par: [String!]!
    annee_changement: Int
    anciens_noms: [String!]!
    site_web: String
    perimetre: String!
    correspondances: Correspondances!
    cite_au_rapport: Boolean!
    "A generalist first contact for a person who does not know where to go"
    premier_accueil: Boolean!
    "Works remotely by design"
    a_distance: Boolean!
    missions: [Mission!]!
    publics: [TypePublic!]!
    besoins: [TypeBesoin!]!
    "Types this one replaced"
    predecesseurs: [Type!]!
    "Types that replaced this one"
    successeurs: [Type!]!
    "Active types at the end of the line of successors"
    successeurs_actifs: [Type!]!
    "Lieux of this type (and of the types that replaced it), nearest first when a position is given"
    lieux(lat: Float, lon: Float, code_commune: String, code_postal: String, rayon: Float, limit: Int = 20, cursor: String): LieuPage!
  }

  "An organisation."
  type Structure {
    id: ID!
    nom: String!
    type: Type!
    siret: String
    site_web: String
    source: String!
    date_maj: String
    nombre_lieux: Int!
    lieux: [Lieu!]!
  }

  "A place where a structure receives the public."
  type Lieu {
    id: ID!
    "In an orientation answer: true for the office of the person's commune (its competence zone), false for another, null where no zone is known"
    competent: Boolean
    nom: String!
    type: Type!
    type_origine: String
    structure: Structure!
    adresse: String
    complement_adresse: String
    code_postal: String
    commune: String
    code_insee: String
    code_departement: String
    code_region: String
    code_epci: String
    latitude: Float!
    longitude: Float!
    precision_position: String!
    telephone: String
    courriel: String
    site_web: String
    "OSM opening_hours syntax"
    horaires_accueil: String
    "Open now (its local time, its region's public holidays), and when that changes"
    ouverture: Ouverture!
    "The week's hours in words, one line per rule; null when unknown or not of the simple shape"
    horaires_lisibles: HorairesLisibles
    accessibilite: String
    modes_accueil: [String!]!
    source: String!
    source_id: String!
    date_maj: String
    statut: String!
    "A lieu of an old source that the fresher source of its network no longer lists"
    a_confirmer: Boolean!
    "Metres from the given position"
    distance_m: Float
    "With distance_m: true when the lieu stands at its commune centre"
    distance_approximative: Boolean
  }

  type LieuPage {
    data: [Lieu!]!
    "Pass as cursor for the next page; null on the last page"
    next_cursor: String
  }

  type StructurePage {
    data: [Structure!]!
    next_cursor: String
  }

  type Commune {
    code_insee: String!
    nom: String!
    type: String!
    commune_parente: String
    codes_postaux: [String!]!
    population: Int
    departement: String!
    region: String!
    epci: String
    latitude: Float
    longitude: Float
  }

  type Departement {
    code: String!
    nom: String!
    region: String!
    chef_lieu: String
    zone: String!
  }

  type Region {
    code: String!
    nom: String!
    chef_lieu: String
    zone: String!
  }

  type Pertinence {
    besoins: Int!
    publics: Int!
    "What reaching the network costs: an office 0 within 10 km, 1 per doubling, at most 4; without one near, a phone line 1, a directory 1.5, a website 2"
    eloignement: Float!
    "3 when the network's condition asks a situation the person has not said"
    conditions: Float!
    "besoins + publics / 10 - eloignement - conditions"
    score: Float!
  }

  type RecommandationBesoin {
    code: String!
    libelle: String!
    poids: Int!
  }

  type RecommandationPublic {
    code: String!
    libelle: String!
    condition: String
    principal: Boolean!
    "The person's public through which this wider one applies"
    via: String
  }

  "A structure type recommended to a person, why, and its nearest lieux."
  type Recommandation {
    rang: Int!
    "The network as people name it"
    nom: String!
    type: Type!
    "The types whose lieux are listed (every type of a regroupement)"
    types: [String!]!
    pertinence: Pertinence!
    pourquoi: String!
    besoins: [RecommandationBesoin!]!
    publics: [RecommandationPublic!]!
    "What the network's condition asks that the person has not said: every item, each met by one of its situations"
    conditions_a_verifier: [ConditionAVerifier!]!
    joignabilite: Joignabilite!
    acces: [Acces!]!
    lieux: [Lieu!]!
  }

  type ConditionAVerifier { un_de: [SituationRef!]! }
  type SituationRef { code: String!, libelle: String! }

  "How the person can best reach the network"
  type Joignabilite {
    "lieu, telephone, en-ligne, employeur, annuaire, relais, site or aucun"
    mode: String!
    "The network works remotely by design"
    a_distance: Boolean!
    "An office within 30 km, in the person's own territory"
    lieu_a_portee: Boolean!
  }

  type Position {
    latitude: Float!
    longitude: Float!
  }

  type Criteres {
    public: [String!]!
    besoin: [String!]!
    age: Int
    "The situations said, and those the needs and publics imply"
    situation: [String!]!
    "metropole, corse, 971, 972, 973, 974 or 976"
    territoire: String
    position: Position
  }

  type Orientation {
    criteres: Criteres!
    recommandations: [Recommandation!]!
  }

  "A source of the data: its file as published, its dates, what the last refresh did, and the attribution its licence asks for."
  type Source {
    nom: String
    title: String!
    path: String!
    producteur: String!
    attribution: String!
    licence: Licence!
    date: String
    fichier: String
    url: String
    date_fichier: String
    date_telechargement: String
    date_chargement: String
    age_jours: Int
    lignes: Int!
    lieux_ouverts: Int
    "What the last refresh did, as JSON (added, updated, closed, unchanged, skipped, unknown types)"
    comptes: String!
    fait_foi: String
    "Why the source is not read here (the credentials its API needs are not set), or null"
    indisponible: String
  }

  type Licence { nom: String!, url: String! }

  type Query {
    "Where the data comes from, how old it is, how to credit it: GET /v1/sources."
    sources: [Source!]!
    "Structure types, active first. Filters combine; codes within one filter match any."
    types(mission: [String!], public: [String!], besoin: [String!], statut: [Statut!], lang: Langue): [Type!]!
    type(code: String!, lang: Langue): Type
    missions(lang: Langue): [Mission!]!
    mission(code: String!, lang: Langue): Mission
    publics(lang: Langue): [Public!]!
    public(code: String!, lang: Langue): Public
    besoins(mission: [String!], lang: Langue): [Besoin!]!
    "What a network's condition can ask and a person can say (orientation's situation)"
    situations(lang: Langue): [Situation!]!
    "Lieux near a person, in a territory, by type, mission, public or need: the filters of GET /v1/lieux."
    lieux(
      lat: Float, lon: Float, code_commune: String, code_postal: String, rayon: Float,
      "minLon, minLat, maxLon, maxLat"
      bbox: [Float!],
      code_region: [String!], code_departement: [String!], code_epci: [String!], code_insee: [String!],
      "Only the offices whose competence zone holds this commune (INSEE code)"
      competent_pour: String,
      type: [String!], mission: [String!], public: [String!], besoin: [String!], q: String,
      "Only the lieux open now (or at a), nearest first as ever"
      ouvert: Ouvert,
      "Only the lieux open at this ISO 8601 instant (with its offset)"
      ouvert_a: String,
      "Evaluate ouverture at this ISO 8601 instant instead of now"
      a: String,
      limit: Int = 20, cursor: String
    ): LieuPage!
    lieu(id: ID!): Lieu
    structures(type: [String!], q: String, limit: Int = 20, cursor: String): StructurePage!
    structure(id: ID!): Structure
    "Who can help me, near me? The answer of GET /v1/orientation."
    orientation(
      public: [String!], besoin: [String!]!, age: Int,
      "What the person says of their situation (see situations)"
      situation: [String!],
      lat: Float, lon: Float, code_commune: String, code_postal: String, rayon: Float,
      types: Int = 5, lieux_par_type: Int = 3, lang: Langue,
      "Within each network, the lieux open now (or at a) first"
      ouvert: Ouvert,
      "Evaluate ouverture at this ISO 8601 instant instead of now"
      a: String
    ): Orientation!
    "Find a commune by name or postcode (autocomplete)."
    communes(q: String!, departement: String, limit: Int = 10): [Commune!]!
    commune(code_insee: String!): Commune
    departements(region: String): [Departement!]!
    regions: [Region!]!
  }
`
