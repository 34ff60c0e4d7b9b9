/**
 * The widget's own strings, in the three languages, under keys of its own
 * (`acmeKudos…`) in the elements' namespace: registered by listing them in
 * the classes' `static strings`.
 */
import type { StringSet } from '@ecotone/elements/base';

const en = {
  acmeKudosTitle: 'Praise a colleague',
  acmeKudosColleague: 'Colleague',
  acmeKudosChoose: 'Choose a colleague',
  acmeKudosValue: 'For',
  acmeKudosMessage: 'A word of thanks (optional)',
  acmeKudosSend: 'Send kudos',
  acmeKudosSending: 'Sending…',
  acmeKudosSent: 'Kudos sent to {{name}}.',
  acmeKudosFailed: 'The kudos could not be sent: {{reason}}',
  acmeKudosRetry: 'Retry',
  acmeKudosLoading: 'Loading colleagues…',
  acmeKudosNoColleagues: 'Nobody else belongs to this space yet.',
  acmeKudosMembersFailed: 'Colleagues could not be loaded: {{reason}}',
  acmeKudosBody: 'Kudos to {{name}} for {{value}}!',
  acmeKudosCardTitle: 'Kudos',
  acmeKudosCardTo: 'To {{name}}, for {{value}}',
  acmeKudosValueTeamwork: 'teamwork',
  acmeKudosValueCare: 'customer care',
  acmeKudosValueInnovation: 'innovation',
  acmeKudosValueHelp: 'a helping hand',
};
type Strings = Record<keyof typeof en, string>;

const fr: Strings = {
  acmeKudosTitle: 'Saluer un collègue',
  acmeKudosColleague: 'Collègue',
  acmeKudosChoose: 'Choisissez un collègue',
  acmeKudosValue: 'Pour',
  acmeKudosMessage: 'Un mot de remerciement (facultatif)',
  acmeKudosSend: 'Envoyer un bravo',
  acmeKudosSending: 'Envoi…',
  acmeKudosSent: 'Bravo envoyé à {{name}}.',
  acmeKudosFailed: 'Le bravo n’a pas pu être envoyé : {{reason}}',
  acmeKudosRetry: 'Réessayer',
  acmeKudosLoading: 'Chargement des collègues…',
  acmeKudosNoColleagues: 'Personne d’autre n’appartient encore à cet espace.',
  acmeKudosMembersFailed: 'Les collègues n’ont pas pu être chargés : {{reason}}',
  acmeKudosBody: 'Bravo à {{name}} pour {{value}} !',
  acmeKudosCardTitle: 'Bravo',
  acmeKudosCardTo: 'À {{name}}, pour {{value}}',
  acmeKudosValueTeamwork: 'l’esprit d’équipe',
  acmeKudosValueCare: 'le service client',
  acmeKudosValueInnovation: 'l’innovation',
  acmeKudosValueHelp: 'un coup de main',
};

const de: Strings = {
  acmeKudosTitle: 'Kollegin oder Kollegen loben',
  acmeKudosColleague: 'Person',
  acmeKudosChoose: 'Person auswählen',
  acmeKudosValue: 'Für',
  acmeKudosMessage: 'Ein Wort des Dankes (optional)',
  acmeKudosSend: 'Lob senden',
  acmeKudosSending: 'Wird gesendet…',
  acmeKudosSent: 'Lob an {{name}} gesendet.',
  acmeKudosFailed: 'Das Lob konnte nicht gesendet werden: {{reason}}',
  acmeKudosRetry: 'Erneut versuchen',
  acmeKudosLoading: 'Kolleginnen und Kollegen werden geladen…',
  acmeKudosNoColleagues: 'Noch niemand sonst gehört zu diesem Bereich.',
  acmeKudosMembersFailed: 'Die Personen konnten nicht geladen werden: {{reason}}',
  acmeKudosBody: 'Lob an {{name}} für {{value}}!',
  acmeKudosCardTitle: 'Lob',
  acmeKudosCardTo: 'An {{name}}, für {{value}}',
  acmeKudosValueTeamwork: 'Teamgeist',
  acmeKudosValueCare: 'Kundenservice',
  acmeKudosValueInnovation: 'Innovation',
  acmeKudosValueHelp: 'Hilfsbereitschaft',
};

export const kudosStrings: StringSet = { en, fr: async () => fr, de: async () => de };

/** The values a kudos is given for; the post stores the key, each reader sees it in their language. */
export const KUDOS_VALUES = ['teamwork', 'care', 'innovation', 'help'] as const;
export type KudosValue = (typeof KUDOS_VALUES)[number];
