/** Every scenario of the suite, by feature, in the order they run. */
import type { Scenario } from '../scenario.js';
import { httpScenarios } from './http.js';
import { idempotencyScenarios } from './idempotency.js';
import { interactionScenarios } from './interactions.js';
import { liveScenarios } from './live.js';
import { noteScenarios } from './notes.js';
import { notificationScenarios } from './notifications.js';
import { pagingScenarios } from './paging.js';
import { peopleScenarios } from './people.js';
import { pollScenarios } from './polls.js';
import { postScenarios } from './posts.js';
import { searchScenarios } from './search.js';
import { spaceScenarios } from './spaces.js';
import { talkShowScenarios } from './talk-shows.js';
import { visibilityScenarios } from './visibility.js';
import { auditScenarios } from './audit.js';
import { watchScenarios } from './watch.js';
import { capabilityScenarios } from './capabilities.js';
import { moderationScenarios } from './moderation.js';
import { quoteScenarios } from './quotes.js';

export const allScenarios: readonly Scenario[] = [
  ...spaceScenarios,
  ...visibilityScenarios,
  ...postScenarios,
  ...interactionScenarios,
  ...pollScenarios,
  ...talkShowScenarios,
  ...noteScenarios,
  ...searchScenarios,
  ...notificationScenarios,
  ...peopleScenarios,
  ...idempotencyScenarios,
  ...pagingScenarios,
  ...liveScenarios,
  ...httpScenarios,
  ...auditScenarios,
  ...watchScenarios,
  ...capabilityScenarios,
  ...moderationScenarios,
  ...quoteScenarios,
];
