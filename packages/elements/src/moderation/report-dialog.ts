import { defineElement } from '../base/define.js';
import { EcoReportDialog } from './report-dialog.component.js';

export { EcoReportDialog };
export default EcoReportDialog;

defineElement('eco-report-dialog', EcoReportDialog);

declare global {
  interface HTMLElementTagNameMap {
    'eco-report-dialog': EcoReportDialog;
  }
}
