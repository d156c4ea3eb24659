/** Largest evidence file: 2 MiB, a phone photo or a scanned notice (the table's check says the same). */
export const MAX_EVIDENCE_BYTES = 2 * 1024 * 1024;

/** The evidence files a unit may attach, recognised by their first bytes, whatever the upload claims. */
export const evidenceMediaTypes = ["application/pdf", "image/jpeg", "image/png", "image/webp"] as const;
export type EvidenceMediaType = (typeof evidenceMediaTypes)[number];

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  prefix.every((byte, index) => bytes[at + index] === byte);
const ascii = (text: string) => [...text].map((character) => character.charCodeAt(0));

/** The media type the content is, judged by its signature, or null when it is none of the accepted. */
export function sniffEvidenceType(bytes: Uint8Array): EvidenceMediaType | null {
  if (startsWith(bytes, ascii("%PDF-"))) return "application/pdf";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "image/webp";
  return null;
}

export type EvidenceCheck =
  | { readonly ok: true; readonly mediaType: EvidenceMediaType; readonly fileName: string }
  | { readonly ok: false; readonly code: "too_large" | "empty" | "type"; readonly message: string };

/**
 * Whether an upload may be kept as evidence: not empty, at most {@link MAX_EVIDENCE_BYTES}, a PDF or a
 * JPEG/PNG/WebP image by its content, and not claiming to be another type than it is.
 */
export function checkEvidenceFile(name: string, declaredType: string, bytes: Uint8Array): EvidenceCheck {
  const fileName = name.trim().slice(0, 200) || "evidence";
  if (bytes.length === 0) return { ok: false, code: "empty", message: `${fileName} is empty` };
  if (bytes.length > MAX_EVIDENCE_BYTES)
    return {
      ok: false,
      code: "too_large",
      message: `Evidence files are limited to ${MAX_EVIDENCE_BYTES / 1024 / 1024} MiB (${MAX_EVIDENCE_BYTES} bytes); ${fileName} has ${bytes.length}`,
    };
  const sniffed = sniffEvidenceType(bytes);
  if (!sniffed)
    return {
      ok: false,
      code: "type",
      message: `${fileName} is not a PDF, JPEG, PNG or WebP file: evidence is a scanned document or a photo`,
    };
  const declared = declaredType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (declared && declared !== "application/octet-stream" && declared !== sniffed)
    return {
      ok: false,
      code: "type",
      message: `${fileName} says it is ${declared} but its content is ${sniffed}`,
    };
  return { ok: true, mediaType: sniffed, fileName };
}
