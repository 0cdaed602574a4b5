/**
 * A file name made of stored text (an enterprise's or an uploaded file's name) kept to one plain name: characters
 * that are path separators or not allowed in Windows file names, and control characters, become "_"; a name that is
 * only dots becomes "download". Browsers clean names too, each its own way; this makes the result the same everywhere.
 */
export function safeFilename(filename: string): string {
  const cleaned = filename.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '_').trim();
  return /^\.*$/.test(cleaned) ? 'download' : cleaned;
}
