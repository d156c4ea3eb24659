import { css } from "lit";

/** Styles shared by the idle-site panel and its conversion card. */
export const siteStyles = css`
  :host {
    display: block;
  }
  .controls {
    display: grid;
    gap: 4px;
    margin: 6px 0;
  }
  .controls label,
  .weights label,
  form.conversion label {
    display: grid;
    grid-template-columns: 1fr 150px;
    align-items: center;
    gap: 6px;
  }
  label.check {
    display: flex;
    gap: 6px;
  }
  label.inline {
    display: flex;
    align-items: center;
    gap: 4px;
  }
  label.inline input {
    width: 52px;
  }
  fieldset.weights {
    border: 1px solid #d0d7e2;
    border-radius: 4px;
    padding: 4px 8px;
    display: grid;
    gap: 3px;
  }
  .weights input {
    width: 100%;
  }
  .invalid {
    color: #b42318;
  }
  .row {
    display: flex;
    gap: 4px;
    flex-wrap: wrap;
    align-items: center;
    margin-top: 6px;
  }
  ol.sites {
    list-style: none;
    padding: 0;
    margin: 4px 0;
  }
  li.site {
    border-top: 1px solid #e3e8ef;
    padding: 6px 0;
  }
  .site-head {
    display: flex;
    align-items: center;
    gap: 6px;
  }
  .site-name {
    flex: 1;
    text-align: left;
  }
  .rank {
    font-weight: 600;
    color: #5a6b80;
  }
  .score {
    font-weight: 700;
    font-size: 15px;
    color: #1f5f9b;
  }
  .tag {
    display: inline-block;
    padding: 0 4px;
    margin-right: 4px;
    border-radius: 3px;
    background: #eef3f8;
    font-size: 11px;
  }
  table.breakdown {
    width: 100%;
    border-collapse: collapse;
    font-size: 11px;
    margin: 3px 0;
  }
  table.breakdown th {
    font-weight: normal;
    text-align: left;
    white-space: nowrap;
    padding-right: 6px;
  }
  table.breakdown td.number {
    text-align: right;
    width: 36px;
  }
  .bar {
    display: block;
    height: 7px;
    background: #e8edf3;
    border-radius: 3px;
    overflow: hidden;
    min-width: 60px;
  }
  .bar span {
    display: block;
    height: 100%;
    background: #3b7dbf;
  }
  dl.figures {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 2px 10px;
    margin: 4px 0;
  }
  dd {
    margin: 0;
    text-align: right;
  }
  dd.gained,
  .rose {
    color: #2f7d32;
    font-weight: 600;
  }
  .card {
    border: 1px solid #d0d7e2;
    border-radius: 4px;
    padding: 6px 8px;
    margin-top: 4px;
    background: #fafcfe;
  }
  h4 {
    margin: 6px 0 2px;
  }
`;
