/** Hands a file to the browser's downloads under `filename` (exports, PNGs of the map). */
export function saveBlob(blob: Blob, filename: string): void {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  link.click();
  // The download has started by then; the object URL can go.
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
