import { css } from "lit";

/** What the allocation-request panel and the request detail share: tags, figures, forms, states. */
export const requestStyles = css`
  :host {
    display: block;
  }
  .row {
    display: flex;
    gap: 6px;
    flex-wrap: wrap;
    align-items: center;
    margin: 6px 0;
  }
  form.file {
    display: grid;
    gap: 6px;
    margin: 6px 0;
  }
  form.file label {
    display: grid;
    grid-template-columns: 96px 1fr;
    align-items: center;
    gap: 6px;
  }
  textarea {
    font: inherit;
    min-height: 48px;
    resize: vertical;
  }
  .tag {
    display: inline-block;
    padding: 0 5px;
    margin: 1px 2px 1px 0;
    border-radius: 3px;
    background: #eef3f8;
    font-size: 11px;
    white-space: nowrap;
  }
  .tag.status-submitted {
    background: #fff4d6;
  }
  .tag.status-planning {
    background: #e3effa;
  }
  .tag.status-decided,
  .tag.chosen {
    background: #e2f3e4;
    color: #1e5e22;
  }
  .tag.rejected {
    background: #f1f1f1;
    color: #6b7682;
  }
  tr.core td {
    font-weight: 600;
  }
  .short {
    color: #b42318;
  }
  .over {
    color: #9a5b00;
  }
  .note {
    margin: 6px 0;
    padding: 6px 8px;
    border-left: 3px solid #c9a227;
    background: #fffaf0;
    font-size: 12px;
  }
  tbody tr.pick {
    cursor: pointer;
  }
  tbody tr.pick:hover {
    background: #f3f7fb;
  }
  .scroll {
    overflow-x: auto;
  }
  .confirm {
    margin: 8px 0;
    padding: 8px 10px;
    border: 1px solid #c9a227;
    border-radius: 4px;
    background: #fffaf0;
  }
  .confirm ul,
  ul.plain {
    margin: 4px 0;
    padding-left: 18px;
    max-height: 160px;
    overflow-y: auto;
  }
  button.primary {
    background: #1d3c5a;
    color: #fff;
    border-color: #1d3c5a;
  }
  button.tool:disabled {
    opacity: 0.5;
    cursor: default;
  }
  p.explain {
    margin: 4px 0;
    font-size: 12px;
    color: #4a5561;
  }
`;
