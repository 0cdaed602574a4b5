/** LIKE/ILIKE's own characters in a user's search text, escaped so that `50%` and `a_b` match themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The ILIKE pattern of "contains `text`". */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}
