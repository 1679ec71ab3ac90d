// One agency as France Travail's "Référentiel des agences" API answers it (francetravail.io,
// GET /partenaire/referentielagences/v1/agences: a JSON array, one object per agency).
//
// Verified — seen in answers quoted by the API's consumers (data·inclusion's pipeline and its
// tests, Immersion Facile, Carnet de bord): `code` ("HDF0170"), `codeSafir` ("62512"),
// `libelle` ("ARRAS"), `libelleEtendu` ("Agence Pôle emploi ARRAS"), `type` ("APE"),
// `typeAccueil` ("3"), `codeRegionINSEE` ("32"), `dispositifADEDA` (a boolean), `contact`
// {`telephonePublic` ("39-49"), `email`}, `siret` (14 digits), `adressePrincipale` {`ligne3`
// (optional), `ligne4` (number and street), `ligne5`, `ligne6` ("62000 ARRAS"), `gpsLon` and
// `gpsLat` (JSON numbers), `communeImplantation` (the INSEE code, "62041"), `bureauDistributeur`
// (the postcode)}; with `horaire=true`, `horaires` [{`jour` 1 = Monday … 5 = Friday,
// `ouvertureMatin`, `fermetureMatin`, `ouvertureApresMidi`, `fermetureApresMidi` ("08:30"),
// `horaireFerme` and `horaireEnContinu` ("O"/"N"), `ouvertureApresMidiRDV`,
// `fermetureApresMidiRDV`, `horaireFermeRDV`, `horaireEnContinuRDV`}]; with
// `zonecompetence=true`, `zoneCompetences` [{`communeInsee`}] (not asked for: the DILA's zones
// stay the word on competence).
//
// Assumed — no quoted answer showed them: `ouvertureMatinRDV` / `fermetureMatinRDV` (by symmetry
// with the afternoon's), `jour` 6 and 7 for Saturday and Sunday, the whole country in one array
// when no `commune` is given (the consumers call it so; no paging was seen), `type` values
// other than "APE". The reader therefore takes every field as optional, coordinates as numbers
// or strings, times as HH:MM or HH:MM:SS.

export interface FtSchedule {
  jour?: number
  ouvertureMatin?: string
  fermetureMatin?: string
  ouvertureApresMidi?: string
  fermetureApresMidi?: string
  /** "O": closed to walk-in visitors that day. */
  horaireFerme?: string
  /** "O": open from `ouvertureMatin` to `fermetureApresMidi` without a break. */
  horaireEnContinu?: string
  ouvertureMatinRDV?: string
  fermetureMatinRDV?: string
  ouvertureApresMidiRDV?: string
  fermetureApresMidiRDV?: string
  horaireFermeRDV?: string
  horaireEnContinuRDV?: string
}

export interface FtAgency {
  /** The agency's code: its stable key (data·inclusion keys the agencies by it too). */
  code?: string
  codeSafir?: string
  libelle?: string
  libelleEtendu?: string
  type?: string
  typeAccueil?: string
  codeRegionINSEE?: string
  /** A device for deaf and hard-of-hearing visitors: not the physical access our `accessibilite` codes. */
  dispositifADEDA?: boolean
  contact?: { telephonePublic?: string; email?: string }
  siret?: string
  adressePrincipale?: {
    ligne3?: string
    ligne4?: string
    ligne5?: string
    ligne6?: string
    gpsLon?: number | string
    gpsLat?: number | string
    communeImplantation?: string
    bureauDistributeur?: string
  }
  horaires?: FtSchedule[]
}
