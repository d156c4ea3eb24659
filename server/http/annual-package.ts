import { createHash } from "node:crypto";
import { strToU8, zipSync } from "fflate";
import { type ReportName, reportDefinitions, reportNames } from "../domain/reports/report-catalogue.js";
import { formatFigure, reportingBody, reportTitle } from "../domain/reports/report-format.js";
import type { ReportTable } from "../domain/reports/report-table.js";
import { reportPageHtml } from "./report-page.js";
import { reportWorkbook } from "./report-workbook.js";

export interface AnnualPackage {
  readonly bytes: Uint8Array;
  readonly sha256: string;
  readonly files: readonly string[];
  /** Each table's 合计 row, as submitted. */
  readonly totals: Readonly<Record<ReportName, Readonly<Record<string, number>>>>;
}

const fileStem = (name: ReportName) => {
  const definition = reportDefinitions[name];
  return `${String(reportNames.indexOf(name) + 1).padStart(2, "0")}-${definition.title.zh}`;
};

/** Where the package goes: the administration one level up (the national one above a province). */
export function recipientOf(parentName: string | null): string {
  return parentName ? `${parentName}机关事务管理局` : "国家机关事务管理局";
}

/** 报送说明: the covering note of the package, plain text (UTF-8 with BOM and CRLF, for Windows Notepad). */
function coveringNote(
  tables: ReadonlyMap<ReportName, ReportTable>,
  first: ReportTable,
  parentName: string | null,
  files: readonly string[],
): string {
  const lines = [
    `关于报送${first.year}年度党政机关办公用房管理情况统计报表的说明`,
    "",
    `${recipientOf(parentName)}：`,
    "",
    `　　按照《党政机关办公用房管理办法》关于办公用房统计报告和监督检查的规定，现将${first.region.name}${first.year}年度党政机关办公用房管理情况统计报表报送如下。`,
    "",
    `报送单位：${reportingBody(first)}（区划代码 ${first.region.code}）`,
    `统计年度：${first.year}年　　统计时点：${first.asOf}`,
    "统计范围：本级及所辖下一级地区的党政机关办公用房总台账数据；各表“合计”行为本级与所辖地区之和。",
    "",
    "一、主要数据",
  ];
  const basic = tables.get("office-space-basic")?.totals;
  const usage = tables.get("usage-standard")?.totals;
  const leases = tables.get("leases-in")?.totals;
  const idle = tables.get("idle-disposal")?.totals;
  const supervision = tables.get("supervision")?.totals;
  const area = (value: number | undefined) => formatFigure("area", value ?? 0);
  const whole = (value: number | undefined) => formatFigure("count", value ?? 0);
  if (basic)
    lines.push(
      `　　办公用房楼栋 ${whole(basic.buildings)} 栋，总建筑面积 ${area(basic.grossArea)} m²；基本办公用房使用面积 ${area(basic.coreArea)} m²，其中办公室 ${area(basic.officeArea)} m²；闲置 ${area(basic.idleArea)} m²，出租 ${area(basic.leasedOutArea)} m²。`,
    );
  if (usage)
    lines.push(
      `　　使用单位 ${whole(usage.units)} 个，编制定员 ${whole(usage.authorized)} 人；超标单位 ${whole(usage.unitsOver)} 个，超标人员 ${whole(usage.personsOver)} 人，超标面积 ${area(usage.overArea)} m²。`,
    );
  if (leases)
    lines.push(
      `　　在外租用办公用房 ${whole(leases.leases)} 处，面积 ${area(leases.area)} m²，年租金 ${formatFigure("money", leases.rent ?? 0)} 万元。`,
    );
  if (idle)
    lines.push(
      `　　现有闲置办公用房 ${area(idle.idleArea)} m²；本年调剂使用 ${whole(idle.reallocatedCount)} 宗、转为公益用房 ${whole(idle.convertedCount)} 宗、出租 ${whole(idle.leasedCount)} 宗、拍卖 ${whole(idle.auctionedCount)} 宗。`,
    );
  if (supervision)
    lines.push(
      `　　本年完成监督检查 ${whole(supervision.inspections)} 次；问题台账共 ${whole(supervision.findings)} 个，未销号 ${whole(supervision.openFindings)} 个，逾期未整改 ${whole(supervision.overdue)} 个，本年移交纪检监察机关 ${whole(supervision.referralsThisYear)} 件。`,
    );
  lines.push(
    "",
    "二、报送文件",
    ...files.map((file, index) => `　　${index + 1}. ${file}`),
    "",
    "三、说明",
    "　　1. 面积单位为平方米（m²），金额单位为万元；各类用房为使用面积，总建筑面积为楼栋登记的建筑面积。",
    "　　2. 存量数据为统计时点数据，处置、检查、移交等为统计年度内完成的事项。",
    "　　3. 打印版（.html）以 A4 横向打印，表头在每页重复。",
    "",
    `单位负责人：＿＿＿＿＿＿　　审核人：＿＿＿＿＿＿　　填表人：＿＿＿＿＿＿`,
    `${reportingBody(first)}（盖章）`,
    `${first.asOf}`,
  );
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/**
 * The annual report package of a level: each statistics table as XLSX and as its printable page, all
 * five in one workbook, the covering note (报送说明) and a machine-readable manifest of the totals.
 */
export async function annualPackage(
  tables: ReadonlyMap<ReportName, ReportTable>,
  parentName: string | null,
): Promise<AnnualPackage> {
  const entries: Record<string, Uint8Array> = {};
  const ordered = reportNames.flatMap((name) => {
    const table = tables.get(name);
    return table ? [{ name, definition: reportDefinitions[name], table }] : [];
  });
  const first = ordered[0]?.table;
  if (!first) throw new Error("an annual package needs at least one table");
  for (const { name, definition, table } of ordered) {
    entries[`${fileStem(name)}.xlsx`] = await reportWorkbook([{ definition, table }]);
    entries[`${fileStem(name)}（打印版）.html`] = strToU8(reportPageHtml(definition, table));
  }
  const combined = `${first.region.name}${first.year}年度办公用房统计报表（汇总）.xlsx`;
  entries[combined] = await reportWorkbook(ordered);
  const totals = Object.fromEntries(
    ordered.map(({ name, table }) => [name, table.totals]),
  ) as AnnualPackage["totals"];
  entries["manifest.json"] = strToU8(
    JSON.stringify(
      {
        region: first.region,
        year: first.year,
        asOf: first.asOf,
        reports: ordered.map(({ name, definition }) => ({
          name,
          title: reportTitle(definition, first),
          file: `${fileStem(name)}.xlsx`,
        })),
        totals,
      },
      null,
      2,
    ),
  );
  const files = [...Object.keys(entries), "报送说明.txt"];
  entries["报送说明.txt"] = strToU8(coveringNote(tables, first, parentName, files));
  const bytes = zipSync(entries, { level: 6 });
  return { bytes, sha256: createHash("sha256").update(bytes).digest("hex"), files, totals };
}
