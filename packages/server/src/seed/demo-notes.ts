/**
 * Demo knowledge notes: a technology-watch space (tech-watch, open) with
 * notes in French, German and English, and a few in security-watch (secret)
 * and rnd-oncology (private) that outsiders must never find. Some review
 * dates are past, so the review list is not empty. Dates are relative to
 * `now`, so the seed stays deterministic.
 */
import type { Kysely } from 'kysely';
import type { Locale, NoteMaturity } from '@ecotone/protocol';
import type { Database } from '../db/schema.js';
import { indexText } from '../search/stemming.js';
import { insertNote } from '../notes/note-repository.js';

const DAY_MS = 24 * 60 * 60 * 1000;

interface DemoNote {
  id: string;
  space: string;
  owner: string;
  language: Locale;
  title: string;
  body: string;
  tags: string[];
  sources: string[];
  maturity: NoteMaturity;
  /** Days from `now` to the review date (negative: overdue), or null. */
  reviewInDays: number | null;
  /** Days before `now` the note was written. */
  ageDays: number;
}

export const DEMO_NOTES: readonly DemoNote[] = [
  {
    id: 'note-pqc-migration', space: 'tech-watch', owner: 'julien', language: 'fr',
    title: 'Migration vers la cryptographie post-quantique',
    body: 'Le NIST a publié **ML-KEM** (FIPS 203) et **ML-DSA** (FIPS 204). Inventorier les usages de RSA et ECDH dans nos réseaux et nos logiciels, puis prévoir un mode hybride pour les échanges de clés.\n\nPriorité : les données à longue durée de confidentialité (essais cliniques, brevets).',
    tags: ['crypto', 'pqc'], sources: ['https://csrc.nist.gov/pubs/fips/203/final'], maturity: 'reviewed', reviewInDays: -5, ageDays: 40,
  },
  {
    id: 'note-zero-trust-labs', space: 'tech-watch', owner: 'oliver', language: 'en',
    title: 'Zero trust for laboratory networks',
    body: 'Instrument networks still rely on a flat VLAN. A zero trust approach authenticates every device and user, segments per instrument class and logs every access. Start with the sequencers, which hold patient data.',
    tags: ['network', 'zero-trust'], sources: ['https://csrc.nist.gov/pubs/sp/800/207/final'], maturity: 'draft', reviewInDays: 30, ageDays: 25,
  },
  {
    id: 'note-sbom-suppliers', space: 'tech-watch', owner: 'lukas', language: 'de',
    title: 'SBOM-Pflicht für Softwarelieferanten',
    body: 'Der Cyber Resilience Act verlangt eine Software-Stückliste (SBOM) für Produkte mit digitalen Elementen. Prüfung: Welche Lieferanten liefern heute schon CycloneDX oder SPDX? Ergebnis der ersten Umfrage: drei von elf.',
    tags: ['regulation', 'sbom'], sources: ['https://cyclonedx.org/'], maturity: 'reviewed', reviewInDays: -12, ageDays: 60,
  },
  {
    id: 'note-quantum-sensors', space: 'tech-watch', owner: 'priya', language: 'en',
    title: 'Quantum sensors for magnetic imaging',
    body: 'NV-centre diamond magnetometers now reach picotesla sensitivity at room temperature. Possible use: non-invasive imaging of cell cultures. Two start-ups offer evaluation kits; budget about 40 kEUR.',
    tags: ['quantum', 'sensors'], sources: [], maturity: 'draft', reviewInDays: 90, ageDays: 12,
  },
  {
    id: 'note-crispr-base-editing', space: 'tech-watch', owner: 'anna', language: 'de',
    title: 'Base Editing: Stand der klinischen Studien',
    body: 'Base Editing verändert einzelne Basen ohne Doppelstrangbruch. Erste klinische Studien (Sichelzellanämie, Hypercholesterinämie) zeigen gute Verträglichkeit. Relevanz für unsere Onkologie-Plattform prüfen.',
    tags: ['crispr', 'genomics'], sources: [], maturity: 'reference', reviewInDays: null, ageDays: 80,
  },
  {
    id: 'note-passkeys', space: 'tech-watch', owner: 'julien', language: 'fr',
    title: 'Passkeys : fin des mots de passe pour l’intranet ?',
    body: 'Les passkeys (WebAuthn) résistent à l’hameçonnage. Notre fournisseur d’identité les prend en charge depuis la version 24. Pilote proposé : équipe sécurité, puis site de Lyon.',
    tags: ['authentication', 'identity'], sources: ['https://passkeys.dev/'], maturity: 'draft', reviewInDays: -1, ageDays: 9,
  },
  {
    id: 'note-llm-lab-notebooks', space: 'tech-watch', owner: 'oliver', language: 'en',
    title: 'Language models over electronic lab notebooks',
    body: 'Retrieval over our lab notebooks would answer "has anyone tried this protocol?" questions. Risks: confidentiality of unpublished results and hallucinated citations. Any deployment must stay on premises.',
    tags: ['ai', 'data'], sources: [], maturity: 'draft', reviewInDays: 45, ageDays: 5,
  },
  {
    id: 'note-ot-segmentation', space: 'tech-watch', owner: 'thomas', language: 'fr',
    title: 'Segmentation des réseaux industriels',
    body: 'Les automates de la ligne de remplissage partagent encore le réseau bureautique. La norme IEC 62443 recommande des zones et conduits. Chiffrage en cours avec le fournisseur.',
    tags: ['network', 'ot'], sources: [], maturity: 'reviewed', reviewInDays: 20, ageDays: 33,
  },
  {
    id: 'note-confidential-computing', space: 'tech-watch', owner: 'lukas', language: 'de',
    title: 'Confidential Computing für klinische Daten',
    body: 'Vertrauliche Ausführungsumgebungen (AMD SEV-SNP, Intel TDX) schützen Daten auch während der Verarbeitung. Für die gemeinsame Auswertung klinischer Daten mit Partnern interessant; Leistungsverlust unter zehn Prozent.',
    tags: ['cloud', 'privacy'], sources: [], maturity: 'draft', reviewInDays: 60, ageDays: 18,
  },
  {
    id: 'note-digital-twins', space: 'tech-watch', owner: 'amelie', language: 'fr',
    title: 'Jumeaux numériques des bioréacteurs',
    body: 'Un jumeau numérique simule le bioréacteur à partir des capteurs en ligne. Gain annoncé : moins de lots rejetés. Les données historiques de Bâle pourraient servir à l’entraîner.',
    tags: ['manufacturing', 'simulation'], sources: [], maturity: 'draft', reviewInDays: null, ageDays: 15,
  },
  {
    id: 'note-eu-ai-act', space: 'tech-watch', owner: 'priya', language: 'en',
    title: 'EU AI Act: what applies to research tools',
    body: 'Most research uses are exempt, but tools used in clinical decisions may be high-risk systems. Keep an inventory of models, their training data and their intended use.',
    tags: ['ai', 'regulation'], sources: ['https://artificialintelligenceact.eu/'], maturity: 'reviewed', reviewInDays: -30, ageDays: 120,
  },
  {
    id: 'note-tls-sha1', space: 'tech-watch', owner: 'julien', language: 'fr',
    title: 'Certificats SHA-1 : à retirer',
    body: 'Les derniers certificats signés en SHA-1 sont retirés des équipements de laboratoire. Note conservée pour l’historique.',
    tags: ['crypto', 'pki'], sources: [], maturity: 'obsolete', reviewInDays: null, ageDays: 300,
  },
  {
    id: 'note-vpn-flaw', space: 'security-watch', owner: 'julien', language: 'fr',
    title: 'Faille critique des passerelles VPN',
    body: 'Une vulnérabilité de nos passerelles VPN permet l’exécution de code sans authentification. Correctif appliqué à Lyon et Bâle ; Cambridge planifié. Ne pas diffuser.',
    tags: ['incident', 'vpn'], sources: [], maturity: 'reviewed', reviewInDays: -3, ageDays: 7,
  },
  {
    id: 'note-phishing-campaign', space: 'security-watch', owner: 'lukas', language: 'de',
    title: 'Phishing-Kampagne gegen Forschungsteams',
    body: 'Gefälschte Einladungen zu Fachkonferenzen zielen auf Forschende. Meldungen bitte an das Sicherheitsteam.',
    tags: ['incident', 'phishing'], sources: [], maturity: 'draft', reviewInDays: 14, ageDays: 3,
  },
  {
    id: 'note-oncology-biomarkers', space: 'rnd-oncology', owner: 'priya', language: 'en',
    title: 'Liquid biopsy biomarkers to watch',
    body: 'Circulating tumour DNA methylation panels outperform single-gene assays in early detection studies. Candidate for the 2027 platform review.',
    tags: ['biomarkers', 'oncology'], sources: [], maturity: 'draft', reviewInDays: -2, ageDays: 21,
  },
];

/** Inserts the demo notes (each at revision 1); returns how many. */
export async function seedDemoNotes(db: Kysely<Database>, now: Date): Promise<number> {
  for (const note of DEMO_NOTES) {
    const createdAt = new Date(now.getTime() - note.ageDays * DAY_MS).toISOString();
    const reviewBy = note.reviewInDays === null ? null : new Date(now.getTime() + note.reviewInDays * DAY_MS).toISOString().slice(0, 10);
    const content = {
      title: note.title,
      body: note.body,
      language: note.language,
      tags: [...note.tags].sort(),
      sources: note.sources.map((url) => ({ url, preview: null })),
      maturity: note.maturity,
      reviewBy,
    };
    await insertNote(
      db,
      { ...content, id: note.id, spaceId: note.space, ownerId: note.owner, promotedFrom: null, createdAt },
      {
        title: indexText(content.title, content.language),
        body: indexText(content.body, content.language),
        tags: indexText(content.tags.join(' '), content.language),
      },
    );
  }
  return DEMO_NOTES.length;
}
