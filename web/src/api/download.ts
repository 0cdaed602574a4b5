/**
 * Files the API answers (the printed PDFs): fetched as a blob through the typed client, so the bearer token and the
 * 401 handling of client.ts apply, then handed to the browser as a download through an object URL.
 */
import { safeFilename } from '../file-name';

/** The file name of a Content-Disposition header, the UTF-8 one (RFC 5987) first; else `fallback`. */
export function filenameOf(response: Response | undefined, fallback: string): string {
  const header = response?.headers.get('Content-Disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (utf8) {
    try {
      return decodeURIComponent(utf8[1]);
    } catch {
      // a malformed name: fall through to the ASCII one
    }
  }
  const ascii = /filename="([^"]+)"/i.exec(header);
  return ascii ? ascii[1] : fallback;
}

/** Saves a blob under `filename` (the browser's download, its name made safe), then frees its object URL. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = safeFilename(filename);
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
