import {
  type CommunityUse,
  communityUseLabels,
  conversionStatusLabels,
} from "../../domain/conversions/conversion-flow.js";
import { disposalMethodLabels } from "../../domain/conversions/disposal-options.js";
import type { PublishedConversion, PublishedOffer } from "../../domain/conversions/public-listing.js";

// The public page of published conversions and idle sites on offer: server-rendered HTML with a static
// SVG map (prefecture outlines and the sites), no script at all, so it works under the app's CSP
// (script-src 'self') and without the client build.

const EARTH_RADIUS = 6_378_137;

/** EPSG:3857 metres with y pointing down (SVG), like PostGIS ST_AsSVG. */
function project([lng, lat]: readonly number[]): [number, number] {
  const x = (EARTH_RADIUS * (lng ?? 0) * Math.PI) / 180;
  const y = EARTH_RADIUS * Math.log(Math.tan(Math.PI / 4 + ((lat ?? 0) * Math.PI) / 360));
  return [x, -y];
}

const escapeHtml = (text: unknown) =>
  String(text ?? "").replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const squareMetres = (value: number) => `${value.toLocaleString("zh-CN", { maximumFractionDigits: 0 })} m²`;

export interface PublicPageInput {
  readonly conversions: readonly PublishedConversion[];
  readonly offers: readonly PublishedOffer[];
  readonly outlines: {
    readonly paths: readonly string[];
    readonly box: readonly [number, number, number, number];
  };
}

function svgMap({ conversions, offers, outlines }: PublicPageInput): string {
  const [minX, minY, maxX, maxY] = outlines.box;
  const width = maxX - minX;
  const height = maxY - minY;
  const radius = Math.max(width, height) / 90;
  const marker = (
    location: { coordinates: number[] } | null,
    colour: string,
    label: string,
    index: number,
  ) => {
    if (!location) return "";
    const [x, y] = project(location.coordinates);
    return `<g><title>${escapeHtml(label)}</title><circle cx="${x.toFixed(0)}" cy="${y.toFixed(0)}" r="${radius.toFixed(0)}" fill="${colour}" stroke="#fff" stroke-width="${(radius / 4).toFixed(0)}"/><text x="${x.toFixed(0)}" y="${(y - radius * 1.5).toFixed(0)}" font-size="${(radius * 2.6).toFixed(0)}" font-weight="bold" text-anchor="middle" fill="#222">${index}</text></g>`;
  };
  return `<svg role="img" aria-label="黑龙江省公开房源分布图" viewBox="${minX.toFixed(0)} ${minY.toFixed(0)} ${width.toFixed(0)} ${height.toFixed(0)}" preserveAspectRatio="xMidYMid meet">
  ${outlines.paths.map((path) => `<path d="${escapeHtml(path)}" fill="#eef3f7" stroke="#7a8fa3" stroke-width="${(radius / 5).toFixed(0)}"/>`).join("\n  ")}
  ${conversions.map((c, i) => marker(c.location, "#2e8b57", `${c.name}（${c.regionName ?? ""}）`, i + 1)).join("")}
  ${offers.map((o, i) => marker(o.location, "#d2691e", `${o.name}（${o.regionName ?? ""}）`, conversions.length + i + 1)).join("")}
</svg>`;
}

function conversionRows(conversions: readonly PublishedConversion[]): string {
  if (conversions.length === 0) return `<p class="empty">暂无已公布的公益用房转换项目。</p>`;
  const rows = conversions.map(
    (c, i) => `<tr><td>${i + 1}</td><td>${escapeHtml(c.name)}<br><small>${escapeHtml(c.siteName)}</small></td>
      <td>${escapeHtml(c.regionName)}</td>
      <td>${c.uses.map((use) => `${escapeHtml(communityUseLabels[use.kind as CommunityUse]?.zh ?? use.kind)}：${escapeHtml(use.name)}（${squareMetres(use.area)}）`).join("<br>")}</td>
      <td class="number">${squareMetres(c.area)}</td><td>${escapeHtml(conversionStatusLabels[c.status].zh)}</td>
      <td>${escapeHtml(c.summary)}</td><td>${escapeHtml(c.publishedAt)}</td></tr>`,
  );
  return `<table><thead><tr><th>序号</th><th>项目</th><th>地区</th><th>用途</th><th>使用面积</th><th>状态</th><th>说明</th><th>公布日期</th></tr></thead>
  <tbody>${rows.join("")}</tbody></table>`;
}

function offerRows(offers: readonly PublishedOffer[], first: number): string {
  if (offers.length === 0) return `<p class="empty">暂无公开处置的闲置房源。</p>`;
  const rows = offers.map(
    (o, i) => `<tr><td>${first + i}</td><td>${escapeHtml(o.name)}</td><td>${escapeHtml(o.regionName)}</td>
      <td>${escapeHtml(disposalMethodLabels[o.method].zh)}</td><td class="number">${squareMetres(o.area)}</td>
      <td class="number">${o.reservePrice === null ? "—" : `${o.reservePrice.toLocaleString("zh-CN")} 万元`}</td>
      <td>${escapeHtml(o.publishedAt)}</td></tr>`,
  );
  return `<table><thead><tr><th>序号</th><th>房源</th><th>地区</th><th>处置方式</th><th>面积</th><th>起拍价</th><th>公布日期</th></tr></thead>
  <tbody>${rows.join("")}</tbody></table>`;
}

/** The whole page (zh-CN): map, conversions, offers, and where the data comes from. */
export function renderPublicPage(input: PublicPageInput): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>办公用房公开信息 · 公益用房转换与闲置房源</title>
<style>
  body { font-family: system-ui, "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; margin: 0 auto; max-width: 1100px; padding: 1rem; color: #222; }
  h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
  svg { width: 100%; max-height: 520px; background: #fafcfe; border: 1px solid #d5dde5; }
  table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
  th, td { border: 1px solid #d5dde5; padding: 0.35rem 0.5rem; vertical-align: top; text-align: left; }
  th { background: #f0f4f8; } td.number { text-align: right; white-space: nowrap; }
  .legend span { display: inline-block; margin-right: 1.5rem; } .dot { display: inline-block; width: 0.8rem; height: 0.8rem; border-radius: 50%; margin-right: 0.3rem; vertical-align: middle; }
  .empty { color: #666; font-style: italic; } small { color: #555; }
</style>
</head>
<body>
<h1>党政机关办公用房公开信息：公益用房转换与闲置房源</h1>
<p>本页公布机关事务管理局已决定公开的闲置办公用房转为社区公益用房的项目，以及公开处置（出租、拍卖等）的闲置房源。面积为使用面积（平方米）。</p>
<p class="legend"><span><i class="dot" style="background:#2e8b57"></i>公益用房转换（${input.conversions.length} 项）</span><span><i class="dot" style="background:#d2691e"></i>公开处置房源（${input.offers.length} 处）</span></p>
${svgMap(input)}
<h2>公益用房转换</h2>
${conversionRows(input.conversions)}
<h2>公开处置的闲置房源</h2>
${offerRows(input.offers, input.conversions.length + 1)}
<p><small>数据接口：<a href="/public/api/listings">/public/api/listings</a>（GeoJSON）。各级机关事务管理局公开的管理制度和总体情况：<a href="/public/regions">各级公开信息</a>。</small></p>
</body>
</html>`;
}
