import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The embedded CJK font: Noto Sans Hans (思源黑体 / Noto Sans CJK SC, SIL Open Font License 1.1) as shipped by the
 * npm package @embedpdf/fonts-sc. Its OpenType/CFF files carry the Latin digits too, so one family sets every
 * character of a report; pdfkit (fontkit) embeds only the glyphs a document uses, so a one-page report stays
 * around 50 KB although each file is about 8 MB.
 *
 * The files are read once per process, from node_modules, found through the package's own entry point (its
 * exports map publishes no font paths): this works from reports/ under jest and from dist/reports alike.
 */
export const FONT_PACKAGE = '@embedpdf/fonts-sc';
export const FONT_REGULAR = 'NotoSansHans-Regular';
export const FONT_BOLD = 'NotoSansHans-Bold';

export interface ReportFontFiles {
  regular: Buffer;
  bold: Buffer;
}

let loaded: ReportFontFiles | null = null;

/** The directory holding the package's .otf files. */
export function fontDirectory(): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve(FONT_PACKAGE); // …/@embedpdf/fonts-sc/dist/index.cjs
  return join(dirname(entry), '..', 'fonts');
}

export function reportFontFiles(): ReportFontFiles {
  if (loaded === null) {
    const directory = fontDirectory();
    loaded = {
      regular: readFileSync(join(directory, `${FONT_REGULAR}.otf`)),
      bold: readFileSync(join(directory, `${FONT_BOLD}.otf`)),
    };
  }
  return loaded;
}
