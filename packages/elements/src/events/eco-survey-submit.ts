import type { SurveyAnswer } from '@ecotone/protocol';

/** Detail of `eco-survey-submit`: the server saved every answer of a survey. */
export interface EcoSurveySubmitDetail {
  postId: string;
  answers: SurveyAnswer[];
}
export type EcoSurveySubmitEvent = CustomEvent<EcoSurveySubmitDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'eco-survey-submit': EcoSurveySubmitEvent;
  }
}
