/**
 * Saves text as a file through a Blob + object URL + <a download>: it works in the Electron renderer (main's
 * will-download default) and in a plain browser, and needs no file-system access in the untrusted renderer.
 */
export function downloadText(fileName: string, mimeType: string, content: string | string[]): void {
  const blob = new Blob(Array.isArray(content) ? content : [content], { type: mimeType || 'text/plain' });
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = 'noopener';
  anchor.style.display = 'none';
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  // Revoking synchronously can cancel the download in some engines; give it a moment.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
