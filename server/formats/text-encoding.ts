import iconv from "iconv-lite";
import { FormatError } from "./format-error.js";

/** The encodings a Chinese ledger or DBF comes in. GB2312 and GBK are read as GB18030, their superset. */
export type TextEncoding = "utf-8" | "gbk";

/** Reads an encoding name as people and .cpg files write it (UTF-8, utf8, GBK, CP936, 936, GB2312, GB18030). */
export function encodingOf(name: string): TextEncoding {
  const key = name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]/g, "");
  if (key === "utf8") return "utf-8";
  if (["gbk", "cp936", "936", "gb2312", "gb18030", "ansi936", "windows936", "euccn"].includes(key))
    return "gbk";
  throw new FormatError(`unsupported encoding '${name.trim()}': use UTF-8 or GBK`);
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** UTF-8 unless the bytes are not valid UTF-8, then GBK (what Chinese Excel and ArcGIS write). */
export function detectEncoding(bytes: Uint8Array): TextEncoding {
  return isValidUtf8(bytes) ? "utf-8" : "gbk";
}

/** Decodes text, dropping a UTF-8 byte-order mark. */
export function decodeText(bytes: Uint8Array, encoding: TextEncoding): string {
  const text =
    encoding === "utf-8"
      ? new TextDecoder("utf-8").decode(bytes)
      : iconv.decode(Buffer.from(bytes), "gb18030");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
