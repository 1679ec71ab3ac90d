// The widget's own words, in French (the default) and English. The glossary's labels, the
// `pourquoi` sentences and the networks' descriptions come from the API in the same language
// (`lang=en`); only the words the widget writes itself are here.

import { HOURS_WORDS } from '../lib/hours-in-words.js'

export type Lang = 'fr' | 'en'

const FR = {
  ...HOURS_WORDS.fr,
  searchingLieux: 'Recherche des lieux…',
  noLieu: 'Aucun lieu ne correspond.',
  lieux: (n: number) => `${n} lieu${n > 1 ? 'x' : ''}`,
  failed: (why: string) => `La recherche n’a pas abouti (${why}).`,
  call: (nom: string, number: string) => `Appeler ${nom} : ${number}`,
  write: (nom: string, courriel: string) => `Écrire à ${nom} : ${courriel}`,
  website: 'Site web',
  websiteOf: (nom: string) => `Site web de ${nom}`,
  directions: 'Itinéraire',
  directionsTo: (nom: string) => `Itinéraire vers ${nom} (OpenStreetMap)`,
  distance: (km: string) => `à ${km}`,
  approximate: 'distance depuis le centre de la commune',
  toConfirm: 'Adresse à confirmer auprès du réseau',
  nowPartOf: (nom: string) => `Nom à la date de la source : ce lieu relève aujourd’hui de ${nom}.`,
  hours: 'Horaires',
  openNow: 'Ouvert maintenant',
  closedNow: 'Fermé en ce moment',
  until: (time: string) => `jusqu’à ${time}`,
  opensAt: (day: string, time: string) => `ouvre ${day} à ${time}`,
  today: 'aujourd’hui',
  tomorrow: 'demain',
  accessibility: { ACC: 'Accessible en fauteuil roulant', DEM: 'Accessible sur demande', NAC: 'Non accessible en fauteuil roulant' },
  commune: 'Votre commune ou code postal',
  communeHint: 'Tapez au moins 2 lettres, puis choisissez dans la liste avec les flèches et Entrée.',
  communeNone: 'Aucune commune ne correspond.',
  communeCount: (n: number) => `${n} commune${n > 1 ? 's' : ''} proposée${n > 1 ? 's' : ''}`,
  communeMissing: 'Choisissez votre commune dans la liste.',
  who: 'Vous êtes',
  dontKnow: 'Je ne sais pas à qui m’adresser',
  need: 'Vous voulez',
  situation: 'Votre situation (facultatif)',
  needMissing: 'Choisissez au moins un besoin.',
  age: 'Votre âge (facultatif)',
  submit: 'Qui peut m’aider ?',
  searching: 'Recherche des réseaux qui peuvent vous aider…',
  results: (n: number, commune: string) =>
    n === 0 ? `Aucun réseau ne répond à ces critères près de ${commune}.` : `${n} réseau${n > 1 ? 'x' : ''} peu${n > 1 ? 'vent' : 't'} vous aider près de ${commune}.`,
  reach: 'Pour joindre ce réseau',
  nearest: 'Les lieux les plus proches',
  map: 'Carte des lieux',
  mapUnavailable: 'La carte n’a pas pu être chargée.',
  colon: ' : '
}

export type Words = typeof FR

const EN: Words = {
  ...HOURS_WORDS.en,
  searchingLieux: 'Looking for places…',
  noLieu: 'No place matches.',
  lieux: (n) => `${n} place${n > 1 ? 's' : ''}`,
  failed: (why) => `The search failed (${why}).`,
  call: (nom, number) => `Call ${nom}: ${number}`,
  write: (nom, courriel) => `E-mail ${nom}: ${courriel}`,
  website: 'Website',
  websiteOf: (nom) => `Website of ${nom}`,
  directions: 'Directions',
  directionsTo: (nom) => `Directions to ${nom} (OpenStreetMap)`,
  distance: (km) => `${km} away`,
  approximate: 'distance from the town centre',
  toConfirm: 'Address to be confirmed with the network',
  nowPartOf: (nom) => `Named as in the source: this office is now part of ${nom}.`,
  hours: 'Opening hours',
  openNow: 'Open now',
  closedNow: 'Closed now',
  until: (time) => `until ${time}`,
  opensAt: (day, time) => `opens ${day} at ${time}`,
  today: 'today',
  tomorrow: 'tomorrow',
  accessibility: { ACC: 'Wheelchair accessible', DEM: 'Accessible on request', NAC: 'Not wheelchair accessible' },
  commune: 'Your town or postcode',
  communeHint: 'Type at least 2 letters, then pick from the list with the arrow keys and Enter.',
  communeNone: 'No town matches.',
  communeCount: (n) => `${n} town${n > 1 ? 's' : ''} suggested`,
  communeMissing: 'Pick your town from the list.',
  who: 'You are',
  dontKnow: 'I don’t know where to go',
  need: 'You want to',
  situation: 'Your situation (optional)',
  needMissing: 'Choose at least one need.',
  age: 'Your age (optional)',
  submit: 'Who can help me?',
  searching: 'Looking for the networks that can help you…',
  results: (n, commune) =>
    n === 0 ? `No network matches near ${commune}.` : `${n} network${n > 1 ? 's' : ''} can help you near ${commune}.`,
  reach: 'How to reach this network',
  nearest: 'Nearest places',
  map: 'Map of the places',
  mapUnavailable: 'The map could not be loaded.',
  colon: ': '
}

export const WORDS: Record<Lang, Words> = { fr: FR, en: EN }
