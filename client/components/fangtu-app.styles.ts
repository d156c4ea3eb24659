import { css } from "lit";

export const appStyles = css`
  :host {
    display: grid;
    grid-template-rows: 52px 1fr;
    grid-template-columns: 320px 1fr;
    height: 100%;
  }
  header {
    grid-column: 1 / 3;
    display: flex;
    align-items: center;
    gap: 16px;
    padding: 0 16px;
    background: #8b1e1e;
    color: #fff;
  }
  header h1 {
    margin: 0;
    font-size: 22px;
    letter-spacing: 2px;
  }
  header .subtitle {
    font-size: 14px;
    opacity: 0.9;
  }
  header .user {
    margin-left: auto;
    font-size: 14px;
  }
  header .language {
    margin-left: auto;
  }
  header .user + .language {
    margin-left: 0;
  }
  .login,
  .checking {
    grid-column: 1 / 3;
  }
  header button {
    background: transparent;
    color: #fff;
    border: 1px solid rgba(255, 255, 255, 0.6);
    border-radius: 4px;
    padding: 4px 10px;
    cursor: pointer;
  }
  aside {
    overflow-y: auto;
    padding: 12px;
    background: #fff;
    border-right: 1px solid #d8dde3;
    font-size: 14px;
  }
  aside h2 {
    font-size: 15px;
    margin: 16px 0 8px;
    color: #4a5561;
  }
  input[type="search"] {
    width: 100%;
    box-sizing: border-box;
    padding: 8px 10px;
    font-size: 14px;
    border: 1px solid #b9c2cc;
    border-radius: 4px;
  }
  ul.results {
    list-style: none;
    margin: 6px 0 0;
    padding: 0;
  }
  ul.results li button {
    display: block;
    width: 100%;
    text-align: left;
    border: none;
    background: none;
    padding: 6px 4px;
    cursor: pointer;
    font: inherit;
  }
  ul.results li button:hover,
  ul.results li button:focus {
    background: #eef3f8;
  }
  .kind {
    display: inline-block;
    min-width: 32px;
    font-size: 12px;
    color: #fff;
    background: #2f6fab;
    border-radius: 3px;
    padding: 0 4px;
    margin-right: 6px;
    text-align: center;
  }
  .kind.building {
    background: #5b6b7a;
  }
  .muted {
    color: #6b7682;
    font-size: 12px;
  }
  dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 4px 12px;
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
  .legend span {
    display: inline-block;
    width: 14px;
    height: 14px;
    margin-right: 6px;
    vertical-align: -2px;
    border: 1px solid #1d3c5a;
  }
  .notice {
    margin-top: 16px;
    padding: 8px;
    background: #fff7e6;
    border: 1px solid #f0d9a8;
    border-radius: 4px;
    font-size: 12px;
  }
  .error {
    color: #b42318;
  }
  main {
    position: relative;
  }
  #map {
    position: absolute;
    inset: 0;
  }
`;
