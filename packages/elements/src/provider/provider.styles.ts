import { css } from 'lit';

// The theme reaches the elements inside through an inherited variable, not
// through color-scheme: the page's own content inside the provider keeps its
// colour scheme. One rule a line: the CSS ships as written.
export default css`
  :host {
    display: contents;
  }
  :host([theme='light']) { --eco-color-scheme: light; }
  :host([theme='dark']) { --eco-color-scheme: dark; }
  :host([theme='auto']) { --eco-color-scheme: light dark; }
`;
