/** Every scenario of the suite, by feature, in the order they run. */
import type { Scenario } from '../scenario.js';
import { visibilityScenarios } from './visibility.js';

export const allScenarios: readonly Scenario[] = [...visibilityScenarios];
