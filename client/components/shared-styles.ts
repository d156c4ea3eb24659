import { css } from "lit";

/** Typography, buttons, definition lists and states shared by the workbench's panels. */
export const sharedStyles = css`
  :host {
    font-size: 13px;
    color: #1f2933;
  }
  h2 {
    font-size: 14px;
    margin: 14px 0 6px;
    color: #4a5561;
  }
  h3 {
    font-size: 13px;
    margin: 12px 0 4px;
    color: #4a5561;
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  button.tool,
  a.tool {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 4px 10px;
    border: 1px solid #b9c2cc;
    border-radius: 4px;
    background: #fff;
    color: #1f2933;
    text-decoration: none;
    font-size: 13px;
  }
  button.tool:hover,
  a.tool:hover {
    background: #eef3f8;
  }
  button.tool[aria-pressed="true"] {
    background: #1d3c5a;
    color: #fff;
    border-color: #1d3c5a;
  }
  button:focus-visible,
  a:focus-visible,
  input:focus-visible,
  select:focus-visible {
    outline: 2px solid #2f6fab;
    outline-offset: 1px;
  }
  button.link {
    border: none;
    background: none;
    color: #2f6fab;
    padding: 0;
    text-align: left;
  }
  dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 3px 12px;
    margin: 0;
  }
  dt {
    color: #6b7682;
  }
  dd {
    margin: 0;
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  .muted {
    color: #6b7682;
    font-size: 12px;
  }
  .empty {
    color: #6b7682;
    font-size: 12px;
    padding: 6px 0;
  }
  .swatch {
    display: inline-block;
    width: 12px;
    height: 12px;
    margin-right: 6px;
    vertical-align: -1px;
    border: 1px solid rgba(0, 0, 0, 0.35);
  }
  .progress {
    height: 3px;
    background: linear-gradient(90deg, #2f6fab 0 30%, transparent 30% 100%);
    background-size: 200% 100%;
    animation: progress 1.1s linear infinite;
  }
  @keyframes progress {
    from {
      background-position: 100% 0;
    }
    to {
      background-position: -100% 0;
    }
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    padding: 3px 6px;
    border-bottom: 1px solid #e4e8ec;
    text-align: left;
    white-space: nowrap;
  }
  td.number,
  th.number {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  /* Dense tables of panels and dialogs: small type, cells that wrap, aligned to the top. */
  table.compact {
    font-size: 12px;
  }
  table.compact th,
  table.compact td {
    padding: 3px 4px;
    vertical-align: top;
    white-space: normal;
  }
  table.compact td.number,
  table.compact th.number {
    white-space: nowrap;
  }
`;
