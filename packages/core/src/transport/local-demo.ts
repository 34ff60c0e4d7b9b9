/**
 * The demo content `LocalTransport` writes into an empty database when asked
 * (`seed: 'demo'`): three colleagues, one open space the local person owns,
 * a few posts with reactions, a poll with ballots, a comment and a
 * knowledge note, in English, French or German. Everything is written
 * through the protocol's routes as each colleague, so every reaction, ballot
 * and comment has a real author and survives an export to a server.
 */
import {
  ballotPath,
  commentsPath,
  joinPath,
  publishPath,
  reactionPath,
  spaceNotesPath,
  type Actor,
  type Comment,
  type Locale,
  type Post,
} from '@ecotone/protocol';
import type { TransportRequest } from '../types.js';
import type { MemoryWorld } from './memory-world.js';

/** The space the demo content lives in. */
export const DEMO_SPACE_ID = 'prototype-lab';

interface DemoTexts {
  space: { name: string; description: string };
  welcome: string;
  question: string;
  poll: { question: string; options: string[] };
  comment: string;
  note: { title: string; body: string };
}

const TEXTS: Record<Locale, DemoTexts> = {
  en: {
    space: { name: 'Prototype lab', description: 'A space built in the browser, with no server.' },
    welcome: 'Welcome to the **prototype lab**! Everything here lives in this browser until it is exported.',
    question: 'Which feature should we try first with the team?',
    poll: { question: 'When should we hold the next workshop?', options: ['Monday morning', 'Wednesday afternoon', 'Friday morning'] },
    comment: 'Wednesday suits me, the room is free.',
    note: { title: 'How we run prototypes', body: 'Try it in the browser first; export the space when it is worth keeping.' },
  },
  fr: {
    space: { name: 'Labo de prototypes', description: 'Un espace construit dans le navigateur, sans serveur.' },
    welcome: 'Bienvenue au **labo de prototypes** ! Tout ce qui est ici reste dans ce navigateur jusqu’à son export.',
    question: 'Quelle fonction essayer d’abord avec l’équipe ?',
    poll: { question: 'Quand faire le prochain atelier ?', options: ['Lundi matin', 'Mercredi après-midi', 'Vendredi matin'] },
    comment: 'Mercredi me convient, la salle est libre.',
    note: { title: 'Comment nous menons nos prototypes', body: 'D’abord dans le navigateur ; on exporte l’espace quand il mérite d’être gardé.' },
  },
  de: {
    space: { name: 'Prototypen-Labor', description: 'Ein Bereich, im Browser gebaut, ohne Server.' },
    welcome: 'Willkommen im **Prototypen-Labor**! Alles hier bleibt in diesem Browser, bis es exportiert wird.',
    question: 'Welche Funktion sollten wir zuerst mit dem Team ausprobieren?',
    poll: { question: 'Wann machen wir den nächsten Workshop?', options: ['Montagvormittag', 'Mittwochnachmittag', 'Freitagvormittag'] },
    comment: 'Mittwoch passt mir, der Raum ist frei.',
    note: { title: 'Wie wir Prototypen bauen', body: 'Zuerst im Browser; der Bereich wird exportiert, wenn er es wert ist.' },
  },
};

/** The demo's colleagues (ids stay the same in every language). */
export const DEMO_COLLEAGUES: readonly Actor[] = [
  { id: 'demo-ada', displayName: 'Ada Lindqvist', locale: 'en', site: 'Basel', title: 'Product designer' },
  { id: 'demo-hugo', displayName: 'Hugo Martin', locale: 'fr', site: 'Lyon', title: 'Engineer' },
  { id: 'demo-lena', displayName: 'Lena Vogel', locale: 'de', site: 'Basel', title: 'Researcher' },
];

/**
 * Writes the demo into `world` (meant to be empty) for `owner`, in the
 * language of `locale` (English when it is none of en, fr, de).
 */
export function seedDemo(world: MemoryWorld, owner: Actor, locale: string): void {
  const texts = TEXTS[(locale in TEXTS ? locale : 'en') as Locale];
  const [ada, hugo, lena] = DEMO_COLLEAGUES as [Actor, Actor, Actor];
  const as = <T>(actor: Actor, req: TransportRequest): T => world.answer(actor, req) as T;
  world.addPerson(owner);
  for (const colleague of DEMO_COLLEAGUES) world.addPerson(colleague);
  world.createSpace({ id: DEMO_SPACE_ID, ...texts.space, visibility: 'open', locale: owner.locale, role: null, canPublish: false }, owner);
  for (const colleague of [ada, hugo]) as(colleague, { method: 'POST', path: joinPath(DEMO_SPACE_ID) });
  world.addMember(DEMO_SPACE_ID, { actor: lena, role: 'correspondent', since: new Date().toISOString() });

  const welcome = as<Post>(owner, { method: 'POST', path: publishPath(DEMO_SPACE_ID), body: { body: texts.welcome, kind: 'announcement' } });
  as(ada, { method: 'PUT', path: reactionPath(welcome.id, 'like') });
  as(lena, { method: 'PUT', path: reactionPath(welcome.id, 'like') });
  const question = as<Post>(ada, { method: 'POST', path: publishPath(DEMO_SPACE_ID), body: { body: texts.question, kind: 'question' } });
  as(hugo, { method: 'PUT', path: reactionPath(question.id, 'like') });
  const pollPost = as<Post>(lena, {
    method: 'POST',
    path: publishPath(DEMO_SPACE_ID),
    body: { body: texts.poll.question, polls: [{ question: texts.poll.question, mode: 'single', options: texts.poll.options }] },
  });
  const poll = pollPost.polls?.[0];
  if (poll) {
    const [first, second] = poll.options;
    if (first && second) {
      as(ada, { method: 'PUT', path: ballotPath(poll.id), body: { choices: [second.id] } });
      as(hugo, { method: 'PUT', path: ballotPath(poll.id), body: { choices: [second.id] } });
      as(lena, { method: 'PUT', path: ballotPath(poll.id), body: { choices: [first.id] } });
    }
  }
  const comment = as<Comment>(hugo, { method: 'POST', path: commentsPath(pollPost.id), body: { body: texts.comment } });
  as(lena, { method: 'PUT', path: reactionPath(comment.id, 'like') });
  as(owner, { method: 'POST', path: spaceNotesPath(DEMO_SPACE_ID), body: { ...texts.note, tags: ['prototype'], maturity: 'draft' } });
}
