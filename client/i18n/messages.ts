/** UI strings: Simplified Chinese first, English switchable. */
const zh = {
  title: "房图",
  subtitle: "党政机关办公用房一张图 · 黑龙江省",
  searchPlaceholder: "搜索单位或楼宇，如：富裕、机械工业厅",
  searching: "搜索中…",
  noResults: "未找到匹配的单位或楼宇",
  unit: "单位",
  building: "楼宇",
  inventory: "资产概况",
  regions: "行政区划",
  units: "使用单位",
  buildings: "楼宇",
  rooms: "房间",
  legend: "图例",
  legendOffice: "办公用房（在用）",
  legendPartlyIdle: "部分闲置（≥10%）",
  legendIdle: "整栋闲置",
  legendCommercial: "经营用房",
  legendAsset: "非办公类资产",
  demoNotice: "演示数据：楼宇、单位与人员均为生成数据，行政区划为真实边界。",
  database: "数据库",
  embedded: "内嵌 PGlite",
  server: "PostgreSQL 服务器",
  grossArea: "建筑面积",
  usableArea: "使用面积",
  idleArea: "闲置面积",
  floors: "层数",
  loading: "加载中…",
  zoomHint: "放大地图以显示楼宇",
  language: "English",
  squareMeters: "m²",
  signIn: "登录",
  signOut: "退出",
  username: "用户名",
  password: "密码",
  wrongCredentials: "用户名或密码错误",
  accountLocked: "连续登录失败次数过多，账号已临时锁定，请15分钟后再试",
  tooManyAttempts: "登录尝试过于频繁，请稍后再试",
  demoAccountsHint:
    "演示账号：demo-admin、demo-planner、demo-inspector、demo-approver、demo-county、demo-unit，密码均为 fangtu-demo（仅限演示数据）。",
} as const;

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  title: "Fangtu",
  subtitle: "Office space of Party and government organs · Heilongjiang",
  searchPlaceholder: "Search units or buildings, e.g. 富裕",
  searching: "Searching…",
  noResults: "No matching unit or building",
  unit: "Unit",
  building: "Building",
  inventory: "Inventory",
  regions: "Regions",
  units: "Units",
  buildings: "Buildings",
  rooms: "Rooms",
  legend: "Legend",
  legendOffice: "Office space in use",
  legendPartlyIdle: "Partly idle (≥ 10 %)",
  legendIdle: "Wholly idle",
  legendCommercial: "Commercial property",
  legendAsset: "Non-office asset",
  demoNotice: "Demo data: buildings, units and people are generated; boundaries are real.",
  database: "Database",
  embedded: "embedded PGlite",
  server: "PostgreSQL server",
  grossArea: "Gross area",
  usableArea: "Usable area",
  idleArea: "Idle area",
  floors: "Floors",
  loading: "Loading…",
  zoomHint: "Zoom in to show buildings",
  language: "中文",
  squareMeters: "m²",
  signIn: "Sign in",
  signOut: "Sign out",
  username: "Username",
  password: "Password",
  wrongCredentials: "Wrong username or password",
  accountLocked: "Too many failed sign-ins: the account is locked for 15 minutes",
  tooManyAttempts: "Too many sign-in attempts; try again later",
  demoAccountsHint:
    "Demo accounts: demo-admin, demo-planner, demo-inspector, demo-approver, demo-county, demo-unit, all with the password fangtu-demo (demo data only).",
};

export type Locale = "zh-CN" | "en";

const catalogues: Record<Locale, Record<MessageKey, string>> = { "zh-CN": zh, en };

export function translate(locale: Locale, key: MessageKey): string {
  return catalogues[locale][key];
}

/** Formats an area with thousands separators and the m² unit. */
export function formatArea(locale: Locale, value: number): string {
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value)} m²`;
}

export function formatCount(locale: Locale, value: number): string {
  return new Intl.NumberFormat(locale).format(value);
}
