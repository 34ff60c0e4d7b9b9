/**
 * Text compared without accents or case: "securite" finds "Sécurité",
 * "strasse" finds "Straße". Shared by note search (on stems), the spaces
 * directory and people search (on stored folded text), so all fold the same
 * way; the functions are protocol rules, so the in-process transports fold
 * exactly as the server does.
 */
export { foldAccents, foldForSearch, searchWords } from '@ecotone/protocol/rules';
