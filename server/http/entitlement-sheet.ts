import type { UnitEntitlementReport } from "../db/repositories/unit-entitlement.repository.js";
import {
  adminLevelLabels,
  entitlementStatusLabels,
  labelZh,
  unitKindLabels,
  useCategoryLabels,
} from "../domain/labels.js";
import { rankByCode } from "../domain/standards/ranks.js";

/** Staffing of one rank as recorded (authorised and actual headcount). */
export interface StaffingLine {
  readonly rank_code: string;
  readonly authorized: number;
  readonly actual: number;
}

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text safe inside HTML element content and quoted attributes. */
export function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

const m2 = (value: number) => escapeHtml(value.toLocaleString("zh-CN", { maximumFractionDigits: 2 }));
const cells = (values: readonly string[], tag = "td") =>
  `<tr>${values.map((v) => `<${tag}>${v}</${tag}>`).join("")}</tr>`;
const table = (headings: readonly string[], rows: readonly string[][]) =>
  `<table><thead>${cells(headings.map(escapeHtml), "th")}</thead><tbody>${rows.map((row) => cells(row)).join("")}</tbody></table>`;

const comparisonNames: Readonly<Record<string, string>> = {
  office: "办公室",
  service: "服务用房",
  equipment: "设备用房",
  core: "基本办公用房（合计）",
};

// A4 portrait with 15 mm margins; self-contained (no fonts, scripts or images from anywhere) so it
// prints offline and passes the app's CSP, which allows inline styles but no inline scripts.
const STYLE = `
@page { size: A4 portrait; margin: 15mm; }
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 10.5pt; color: #000; margin: 0 auto; max-width: 180mm; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; border-bottom: 1px solid #000; }
table { width: 100%; border-collapse: collapse; margin-bottom: 2mm; page-break-inside: auto; }
th, td { border: 1px solid #000; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eee; }
tr { page-break-inside: avoid; }
.meta { text-align: center; margin-bottom: 4mm; }
.note { font-size: 9pt; }
@media print { th { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
`;

/** The printable entitlement sheet of one unit (核定面积表): every value escaped. */
export function entitlementSheetHtml(
  report: UnitEntitlementReport,
  staffing: readonly StaffingLine[],
  printedAt: string,
): string {
  const { unit, entitlement } = report;
  const rankName = (code: string) => rankByCode.get(code)?.nameZh ?? code;
  const staffingRows = staffing.map((line) => [
    escapeHtml(rankName(line.rank_code)),
    escapeHtml(line.authorized),
    escapeHtml(line.actual),
  ]);
  staffingRows.push(["合计", escapeHtml(report.headcount.authorized), escapeHtml(report.headcount.actual)]);
  const lineRows = entitlement.lines.map((line) => [
    escapeHtml(line.nameZh),
    m2(line.limit),
    escapeHtml(line.authorized),
    m2(line.area),
  ]);
  const figures: string[][] = [
    ["A 办公室", m2(entitlement.officeArea)],
    [
      `B 服务用房（人均 ${m2(entitlement.parameters.serviceAllowancePerPerson)} m²）`,
      m2(entitlement.serviceArea),
    ],
    [
      `设备用房（(A+B)×${escapeHtml(entitlement.parameters.equipmentShare * 100)}%）`,
      m2(entitlement.equipmentArea),
    ],
    ["基本办公用房 A+B+设备用房（使用面积）", m2(entitlement.coreUsableArea)],
    [
      `K 使用面积系数（${entitlement.parameters.highRise ? "高层" : "多层"}）`,
      escapeHtml(entitlement.netToGross),
    ],
    ["C 附属用房（建筑面积）", m2(entitlement.ancillaryGrossArea)],
    ["S 总建筑面积 [A+B+(A+B)×9%]/K+C", m2(entitlement.grossArea)],
  ];
  const actualRows = (Object.keys(useCategoryLabels) as Array<keyof typeof useCategoryLabels>).map(
    (category) => [escapeHtml(labelZh(useCategoryLabels, category)), m2(report.actual[category])],
  );
  const comparisonRows = report.comparison.map((row) => [
    escapeHtml(comparisonNames[row.category] ?? row.category),
    m2(row.entitled),
    m2(row.actual),
    `${row.surplus > 0 ? "+" : ""}${m2(row.surplus)}`,
  ]);
  const over = report.personChecks.filter((check) => check.status === "over");
  const overRows = over.map((check) => [
    escapeHtml(check.name),
    escapeHtml(check.rankNameZh),
    m2(check.limit),
    m2(check.area),
    m2(check.excess),
    escapeHtml(check.explanation.map((line) => line.zh).join(" ")),
  ]);
  const levelNote = report.takesLevelBelow
    ? `（按${escapeHtml(labelZh(adminLevelLabels, report.effectiveLevel))}标准核定）`
    : "";
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(unit.name)} 办公用房面积核定表</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(unit.name)} 办公用房面积核定表</h1>
<p class="meta">单位类别：${escapeHtml(labelZh(unitKindLabels, unit.kind))}　层级：${escapeHtml(labelZh(adminLevelLabels, unit.admin_level))}${levelNote}　区划代码：${escapeHtml(unit.region_code)}　打印时间：${escapeHtml(printedAt)}</p>
<h2>一、编制与实有人数</h2>
${table(["职级", "核定编制（人）", "实有人数（人）"], staffingRows)}
<h2>二、核定面积（使用面积，m²）</h2>
${table(["职级", "标准（m²/人）", "编制（人）", "面积（m²）"], lineRows)}
${table(["项目", "面积（m²）"], figures)}
<h2>三、实际使用面积（m²）</h2>
${table(["类别", "使用面积（m²）"], actualRows)}
<h2>四、超标（+）/缺口（−）</h2>
${table(["类别", "核定（m²）", "实际（m²）", "超标（+）/缺口（−）（m²）"], comparisonRows)}
<p>达标情况：<strong>${escapeHtml(labelZh(entitlementStatusLabels, report.status))}</strong></p>
<h2>五、办公室超标人员（${escapeHtml(over.length)} 人）</h2>
${over.length > 0 ? table(["姓名", "职级", "标准（m²）", "实际（m²）", "超标（m²）", "说明"], overRows) : "<p>无。</p>"}
<h2>六、核定依据</h2>
<p class="note">《党政机关办公用房建设标准》（发改投资〔2014〕2674号）；《党政机关办公用房管理办法》（2017年）。参数版本：${escapeHtml(report.parametersVersion)}（生效日期 ${escapeHtml(entitlement.parameters.effectiveFrom)}${entitlement.parameters.isDefault ? "，默认参数" : ""}）。</p>
<p class="note">${report.explanation.map((line) => escapeHtml(line.zh)).join("<br>")}</p>
</body>
</html>
`;
}
