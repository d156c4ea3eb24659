import { FormatError } from "./format-error.js";
import { decodeText, type TextEncoding } from "./text-encoding.js";

interface DbfField {
  readonly nameBytes: Uint8Array;
  readonly type: string;
  readonly length: number;
}

export interface DbfTable {
  readonly fields: (encoding: TextEncoding) => string[];
  /** The raw bytes of every text field, to decide the encoding when no .cpg says it. */
  readonly textBytes: Uint8Array;
  readonly records: (encoding: TextEncoding) => Array<Record<string, unknown>>;
}

/**
 * A dBASE III table as Shapefiles carry it. Read here rather than by the `shapefile` package so that
 * GBK names decode with iconv-lite and the encoding can be chosen after looking at the bytes.
 */
export function readDbf(bytes: Uint8Array): DbfTable {
  if (bytes.length < 33) throw new FormatError("the .dbf file is too short to be a dBASE table");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const recordCount = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  if (headerLength > bytes.length || recordLength === 0) throw new FormatError("the .dbf header is damaged");
  const fields: DbfField[] = [];
  for (let offset = 32; offset + 32 <= headerLength && bytes[offset] !== 0x0d; offset += 32) {
    const nameBytes = bytes.subarray(offset, offset + 11);
    const end = nameBytes.indexOf(0);
    fields.push({
      nameBytes: nameBytes.subarray(0, end < 0 ? 11 : end),
      type: String.fromCharCode(bytes[offset + 11] ?? 0x43),
      length: bytes[offset + 16] ?? 0,
    });
  }
  const available = Math.min(recordCount, Math.floor((bytes.length - headerLength) / recordLength));
  const cellsOf = (record: number) => {
    let offset = headerLength + record * recordLength + 1; // the first byte is the deletion flag
    return fields.map((field) => {
      const cell = bytes.subarray(offset, offset + field.length);
      offset += field.length;
      return cell;
    });
  };
  const textChunks: Uint8Array[] = fields.map((field) => field.nameBytes);
  for (let record = 0; record < available; record++) {
    cellsOf(record).forEach((cell, index) => {
      if (fields[index]?.type === "C") textChunks.push(cell);
    });
  }
  const textBytes = new Uint8Array(textChunks.reduce((total, chunk) => total + chunk.length, 0));
  let position = 0;
  for (const chunk of textChunks) {
    textBytes.set(chunk, position);
    position += chunk.length;
  }
  const namesOf = (encoding: TextEncoding) =>
    fields.map((field) => decodeText(field.nameBytes, encoding).trim());
  return {
    fields: namesOf,
    textBytes,
    records: (encoding) => {
      const names = namesOf(encoding);
      const records: Array<Record<string, unknown>> = [];
      for (let record = 0; record < available; record++) {
        if (bytes[headerLength + record * recordLength] === 0x2a) continue; // '*': deleted
        const cells = cellsOf(record);
        records.push(
          Object.fromEntries(
            fields.map((field, index) => [
              names[index] ?? "",
              cellValue(field, cells[index] ?? new Uint8Array(), encoding),
            ]),
          ),
        );
      }
      return records;
    },
  };
}

function cellValue(field: DbfField, cell: Uint8Array, encoding: TextEncoding): unknown {
  const ascii = () => new TextDecoder("latin1").decode(cell).trim();
  switch (field.type) {
    case "N":
    case "F": {
      const text = ascii();
      return text === "" || /^\*+$/.test(text) ? null : Number(text);
    }
    case "L": {
      const text = ascii().toUpperCase();
      return "YT".includes(text) && text !== "" ? true : "NF".includes(text) && text !== "" ? false : null;
    }
    case "D": {
      const text = ascii();
      return /^\d{8}$/.test(text) ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}` : null;
    }
    default: {
      const text = decodeText(cell, encoding).replace(/\0+$/, "").trim();
      return text === "" ? null : text;
    }
  }
}
