// Strings of the supervision and reporting workspace's shell (监督与报告, issue 10), merged into the
// catalogues of messages.ts. Each tab keeps its own strings in its own file next to this one.

export const supervisionMessagesZh = {
  svOpen: "监督与报告",
  svHeading: "监督与报告",
  svClose: "返回地图",
  svTab_dashboard: "数据看板",
  svTab_inspections: "监督检查",
  svTab_findings: "问题台账",
  svTab_maintenance: "维修管理",
  svTab_reports: "统计报表",
  svTab_disclosure: "信息公开",
  svFindingBadge: "逾期及7日内到期的问题",
};

type SupervisionMessageKey = keyof typeof supervisionMessagesZh;

export const supervisionMessagesEn: Record<SupervisionMessageKey, string> = {
  svOpen: "Supervision & reports",
  svHeading: "Supervision & reports",
  svClose: "Back to the map",
  svTab_dashboard: "Dashboard",
  svTab_inspections: "Inspections",
  svTab_findings: "Finding ledger",
  svTab_maintenance: "Maintenance",
  svTab_reports: "Reports",
  svTab_disclosure: "Public disclosure",
  svFindingBadge: "Findings overdue or due within 7 days",
};
