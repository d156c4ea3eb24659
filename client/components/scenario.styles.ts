import { css } from "lit";

/** Status chips, badges, rows and tables shared by the scenario panel, its detail and the compare view. */
export const scenarioStyles = css`
  :host {
    display: block;
  }
  ul.plain,
  ol.plain {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .row {
    display: flex;
    gap: 4px;
    flex-wrap: wrap;
    align-items: center;
    margin: 6px 0;
  }
  .row input[name="name"] {
    flex: 1;
    min-width: 0;
    padding: 4px 6px;
    font: inherit;
  }
  button.tool.primary {
    background: #1d3c5a;
    border-color: #1d3c5a;
    color: #fff;
  }
  button.tool.danger {
    color: #b42318;
    border-color: #e3a6a0;
  }
  button.tool:disabled {
    opacity: 0.5;
    cursor: default;
  }
  .status {
    display: inline-block;
    margin-left: 4px;
    padding: 0 5px;
    border-radius: 3px;
    font-size: 11px;
    background: #e4e8ec;
    color: #1f2933;
  }
  .status-validated {
    background: #d9ecf9;
  }
  .status-approved {
    background: #dff1e3;
  }
  .status-applied {
    background: #2e7d32;
    color: #fff;
  }
  .status-archived {
    background: #f0f0f0;
    color: #6b7682;
  }
  .stale {
    display: inline-block;
    margin-left: 4px;
    padding: 0 5px;
    border-radius: 3px;
    font-size: 11px;
    background: #fde7c7;
    color: #8a4b00;
  }
  .ok {
    color: #2f7d32;
  }
  .bad {
    color: #b42318;
  }
  .best {
    font-weight: bold;
    color: #2f7d32;
  }
  .swatch-line {
    display: inline-block;
    width: 16px;
    height: 4px;
    margin-right: 4px;
    vertical-align: 2px;
    border-radius: 2px;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 2px 10px;
    font-size: 12px;
  }
`;
