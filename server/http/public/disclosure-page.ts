import { type CommunityUse, communityUseLabels } from "../../domain/conversions/conversion-flow.js";
import { type DisposalMethod, disposalMethodLabels } from "../../domain/conversions/disposal-options.js";
import { type DisclosureContent, paragraphs } from "../../domain/disclosure/disclosure-content.js";
import { formatFigure } from "../../domain/reports/report-format.js";
import { escapeHtml } from "../entitlement-sheet.js";

// The public page of one level (信息公开): server-rendered, no script, self-contained, so it works under
// the app's CSP and prints. The administration's preview is this very page with a banner on top.

const STYLE = `
body { font-family: system-ui, "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; margin: 0 auto; max-width: 1100px; padding: 1rem; color: #222; line-height: 1.6; }
h1 { font-size: 1.45rem; margin-bottom: 0.2rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 2px solid #b22222; padding-bottom: 0.2rem; }
.issued { color: #555; margin-top: 0; }
.preview { background: #fff4d6; border: 1px solid #e0b000; padding: 0.6rem 0.8rem; border-radius: 4px; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 0.6rem; margin: 0.8rem 0; }
.figure { border: 1px solid #d5dde5; border-radius: 4px; padding: 0.5rem 0.7rem; background: #fafcfe; }
.figure b { display: block; font-size: 1.25rem; } .figure span { color: #555; font-size: 0.9rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
th, td { border: 1px solid #d5dde5; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f0f4f8; } td.number { text-align: right; white-space: nowrap; }
.empty { color: #666; font-style: italic; } footer { margin-top: 2rem; color: #555; font-size: 0.85rem; }
@media print { .preview { display: none; } a { color: inherit; text-decoration: none; } }
`;

const area = (value: number) => `${formatFigure("area", value)} m²`;
const whole = (value: number) => formatFigure("count", value);
/** Inside a table whose heading carries the unit (m²). */
const m2 = (value: number) => formatFigure("area", value);

function totalsSection(totals: NonNullable<DisclosureContent["totals"]>, asOf: string): string {
  const t = totals.level;
  const figure = (value: string, label: string) =>
    `<div class="figure"><b>${escapeHtml(value)}</b><span>${escapeHtml(label)}</span></div>`;
  const rows = totals.rows
    .map(
      (row) =>
        `<tr><td>${escapeHtml(row.regionName)}</td><td class="number">${whole(row.buildings)}</td><td class="number">${m2(row.grossArea)}</td><td class="number">${m2(row.officeArea)}</td><td class="number">${m2(row.idleArea)}</td></tr>`,
    )
    .join("");
  return `<h2>办公用房总体情况（统计时点 ${escapeHtml(asOf)}）</h2>
<div class="figures">
${figure(whole(t.buildings), "办公用房楼栋（栋）")}
${figure(area(t.grossArea), "总建筑面积")}
${figure(area(t.coreArea), "基本办公用房使用面积")}
${figure(area(t.officeArea), "其中办公室使用面积")}
${figure(area(t.idleArea), "闲置面积")}
${figure(area(t.leasedOutArea), "出租面积")}
${figure(whole(t.unitCount), "使用单位（个）")}
${figure(whole(t.unitsOverStandard), "超标单位（个）")}
${figure(whole(t.personsOverStandard), "办公室超标人员（人）")}
${figure(whole(t.leasesIn), "在外租用办公用房（处）")}
${figure(area(t.leasedInArea), "租用面积")}
${figure(`${formatFigure("money", t.annualRent)} 万元`, "年租金")}
${figure(whole(t.conversionsDone), "已转为公益用房（项）")}
${figure(area(t.conversionArea), "转为公益用房面积")}
</div>
<table><thead><tr><th>地区</th><th>楼栋数（栋）</th><th>总建筑面积（m²）</th><th>办公室使用面积（m²）</th><th>闲置面积（m²）</th></tr></thead>
<tbody>${rows}<tr><td><b>合计</b></td><td class="number"><b>${whole(t.buildings)}</b></td><td class="number"><b>${m2(t.grossArea)}</b></td><td class="number"><b>${m2(t.officeArea)}</b></td><td class="number"><b>${m2(t.idleArea)}</b></td></tr></tbody></table>
<p><small>面积为登记面积：总建筑面积为建筑面积，其余为使用面积。超标情况仅公布汇总数。</small></p>`;
}

function conversionsSection(conversions: NonNullable<DisclosureContent["conversions"]>): string {
  if (conversions.length === 0)
    return `<h2>闲置办公用房转为公益用房</h2><p class="empty">暂无已完成的公益用房转换项目。</p>`;
  const rows = conversions
    .map(
      (
        c,
        index,
      ) => `<tr><td>${index + 1}</td><td>${escapeHtml(c.name)}</td><td>${escapeHtml(c.regionName)}</td>
<td>${c.uses.map((use) => `${escapeHtml(communityUseLabels[use.kind as CommunityUse]?.zh ?? use.kind)}：${escapeHtml(use.name)}（${area(use.area)}）`).join("<br>")}</td>
<td class="number">${area(c.area)}</td><td>${escapeHtml(c.completedOn ?? "—")}</td><td>${escapeHtml(c.summary ?? "")}</td></tr>`,
    )
    .join("");
  return `<h2>闲置办公用房转为公益用房</h2>
<table><thead><tr><th>序号</th><th>项目</th><th>地区</th><th>用途</th><th>面积</th><th>完成日期</th><th>说明</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function offersSection(offers: NonNullable<DisclosureContent["offers"]>): string {
  if (offers.length === 0) return `<h2>公开处置的闲置房源</h2><p class="empty">暂无公开处置的闲置房源。</p>`;
  const rows = offers
    .map(
      (
        o,
        index,
      ) => `<tr><td>${index + 1}</td><td>${escapeHtml(o.name)}</td><td>${escapeHtml(o.regionName)}</td>
<td>${escapeHtml(disposalMethodLabels[o.method as DisposalMethod]?.zh ?? o.method)}</td><td class="number">${area(o.area)}</td>
<td class="number">${o.reservePrice === null ? "—" : `${formatFigure("money", o.reservePrice)} 万元`}</td><td>${escapeHtml(o.publishedOn ?? "—")}</td></tr>`,
    )
    .join("");
  return `<h2>公开处置的闲置房源</h2>
<table><thead><tr><th>序号</th><th>房源</th><th>地区</th><th>处置方式</th><th>面积</th><th>起拍价</th><th>公布日期</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The public page of a level's disclosure; `publishedOn` null renders the administration's preview. */
export function disclosurePageHtml(content: DisclosureContent, publishedOn: string | null): string {
  const rules = paragraphs(content.rules)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, "<br>")}</p>`)
    .join("\n");
  const sections = [
    rules ? `<h2>管理制度与办事规定</h2>\n${rules}` : "",
    content.totals ? totalsSection(content.totals, content.asOf) : "",
    content.conversions ? conversionsSection(content.conversions) : "",
    content.offers ? offersSection(content.offers) : "",
  ].filter((section) => section !== "");
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(content.title)}</title>
<style>${STYLE}</style>
</head>
<body>
${publishedOn === null ? `<p class="preview" role="note">预览：以下为公开后公众将看到的内容，尚未公开。</p>` : ""}
<h1>${escapeHtml(content.title)}</h1>
<p class="issued">${escapeHtml(content.region.name)}机关事务管理局${publishedOn ? `　发布日期：${escapeHtml(publishedOn)}` : ""}</p>
${sections.length > 0 ? sections.join("\n") : `<p class="empty">本次公开未选择任何内容。</p>`}
<footer>数据接口：<a href="/public/api/regions/${escapeHtml(content.region.code)}">/public/api/regions/${escapeHtml(content.region.code)}</a>（JSON）　<a href="/public/regions">各级公开信息</a>　<a href="/public/listings">公益用房转换与闲置房源地图</a></footer>
</body>
</html>`;
}

/** The public index: every level with a published disclosure. */
export function disclosureIndexHtml(
  regions: ReadonlyArray<{
    code: string;
    name: string;
    title: string;
    publishedOn: string | null;
    url: string;
  }>,
): string {
  const items = regions
    .map(
      (region) =>
        `<li><a href="${escapeHtml(region.url)}">${escapeHtml(region.name)}：${escapeHtml(region.title)}</a>　<small>${escapeHtml(region.publishedOn ?? "")}</small></li>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>党政机关办公用房管理信息公开</title><style>${STYLE}</style></head>
<body>
<h1>党政机关办公用房管理信息公开</h1>
<p>各级机关事务管理局公开的办公用房管理制度、总体情况、公益用房转换和闲置房源处置信息。</p>
${regions.length > 0 ? `<ul>${items}</ul>` : `<p class="empty">暂无公开信息。</p>`}
<footer><a href="/public/api/regions">/public/api/regions</a>（JSON）　<a href="/public/listings">公益用房转换与闲置房源地图</a></footer>
</body>
</html>`;
}

/** A region without a published disclosure: a page that says so (404). */
export function disclosureMissingHtml(code: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>未找到公开信息</title><style>${STYLE}</style></head>
<body><h1>未找到公开信息</h1><p>区划代码 ${escapeHtml(code)} 暂无公开的办公用房管理信息。</p><p><a href="/public/regions">查看各级公开信息</a></p></body></html>`;
}
