// Which of the DILA's `type_service_local` codes are AIO offices, and under which glossary
// type each is filed. The directory lists every public office (mairies, tax offices, police…):
// a record is read only if one of its pivots is listed here.

/** A code's glossary type, or how to tell it from the office's name. */
type TypeRule = string | ((nom: string) => string)

/** One pivot for the whole Information Jeunesse network: the kind of point is in the name. */
const informationJeunesse = (nom: string) =>
  /r[ée]gional/i.test(nom) ? 'crij' : /^(bureau|centre) (d.)?information jeunesse/i.test(nom) ? 'bij' : 'pij'

export const DILA_AIO_TYPES: Record<string, TypeRule> = {
  cio: 'cio',
  mission_locale: 'ml',
  france_travail: 'france-travail',
  // The code France Travail's agencies kept for years after the renaming.
  pole_emploi: 'france-travail',
  maison_emploi: (nom) => (/formation/i.test(nom) ? 'mef' : 'me'),
  cap_emploi: 'cap-emploi',
  epide: 'epide',
  apec: 'apec',
  apecita: 'apecita',
  cidf: 'cidff',
  cij: informationJeunesse,
  pif: 'pif',
  greta: 'greta',
  afpa: 'afpa',
  chambre_metier: 'cad',
  cci: 'cci',
  agefiph: 'agefiph',
  suio: 'scuio-ip',
  fongecif: 'transitions-pro',
  msap: 'france-services',
  france_services: 'france-services'
}

/**
 * AIO networks of the directory that the glossary has no type for yet: counted, not loaded,
 * so that the summary says what is left out rather than folding it into another network.
 */
export const DILA_AIO_WITHOUT_TYPE = new Set(['carif_oref', 'dronisep', 'crib', 'point_accueil_numerique'])

/**
 * France services are read from ANCT's list, the network's own (src/sources/france-services):
 * the directory's `msap` records describe the same offices, so they are counted and left out,
 * and a refresh of either never doubles an office.
 */
export const FRANCE_SERVICES_CODES = new Set(['msap', 'france_services'])

/** Codes known not to be AIO (seen in the export's consumers); any other code is reported as unknown. */
export const DILA_OTHER_CODES = new Set(`aav accompagnement_personnes_agees ad ademe adil agence_insertion anah antenne_justice aract ars
ars_antenne artisanat_reg asn banque_de_france bav bdf bibli bsn bureau_de_douane caa cadastre caf canope_atelier canope_dt carsat
caue ccas ccd cdad cdg centre_detention centre_impots_fonciers centre_penitentiaire cerema cesr cg chambre_agriculture
chambre_notaires chu cicas cirfa cirgn civi clic cnfpt cnra commissariat_police commission_conciliation conciliateur_fiscal
conseil_culture cour_appel cpam cr crc credit_municipal creps crfpn crous crpv csl ctrc dac dcf dcstep dd_femmes dd_fip ddcspp
ddets ddpjj ddpn_dipn ddpp ddsp ddt ddva did_routes dir_insee dir_mer dir_meteo dir_pj direccte direccte_ut
direction_territoriale_police dmd dml dr_femmes dr_fip dr_insee drac draf drajes drari drddi dreal dreal_ut driea driea_ut drihl
drihl_ut drjscs droit_travail drpjj drsp dtam dz_paf epci esm espe fdapp fdc fr_renov gendarmerie gendarmerie_departementale
gendarmerie_moto huissiers_justice hypotheque inpi inspection_academique laboratoire_departemental maia mairie mairie_com
maison_arret maison_centrale maison_handicapees maison_metropole_lyon mjd msa ofii onac onf ordre_avocats paierie_departementale
paierie_regionale parc_naturel_regional paris_mairie paris_ppp paris_ppp_gesvres pcb permanence_juridique plateforme_naturalisation
pmi point_justice pp_marseille prefecture prefecture_greffe_associations prefecture_region prs prudhommes rectorat rrc safer sdac
sde sdis sdjes service_navigation sgami sie sip sous_pref spip ssti ta te tgi ti tresorerie tribunal_commerce urcaue urssaf`.split(/\s+/))

/** The glossary type of an office filed under `code`, or null when the code is not an AIO one. */
export function dilaExportType(code: string, nom: string): string | null {
  const rule = DILA_AIO_TYPES[code]
  if (rule === undefined) return null
  return typeof rule === 'string' ? rule : rule(nom)
}
