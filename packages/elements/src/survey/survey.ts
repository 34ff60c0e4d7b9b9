import { defineElement } from '../base/define.js';
import { EcoSurvey } from './survey.component.js';

export { EcoSurvey };
export default EcoSurvey;

defineElement('eco-survey', EcoSurvey);

declare global {
  interface HTMLElementTagNameMap {
    'eco-survey': EcoSurvey;
  }
}
