import { css } from 'lit';

/**
 * A person's name that opens their card (PersonDialogController): a button
 * that reads as the name it was, underlined on hover. After buttonStyles,
 * whose shape it takes off.
 */
export const personLinkStyles = css`
  button.person-link {
    min-block-size: 0;
    padding: 0;
    border: 0;
    font: inherit;
    font-weight: 600;
    text-align: start;
  }
  button.person-link:hover {
    text-decoration: underline;
  }
  .avatar.person-link {
    cursor: pointer;
  }
`;
