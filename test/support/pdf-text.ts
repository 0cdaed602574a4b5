import type { Readable } from 'node:stream';
import { getDocumentProxy } from 'unpdf';
import { formatAmount } from '../../reports/pdf/format.js';

/**
 * Reads a PDF back as text, for tests of the PDF layouts (reports/) and of the routes that serve them. unpdf bundles
 * a serverless build of PDF.js: plain ESM, no browser, no canvas and no native code.
 */

/** A run of text as the PDF sets it: where (points from the bottom left) and at what size. */
export interface PdfTextItem {
  text: string;
  x: number;
  y: number;
  /** The font size it is set at, in points (a shrunk amount is smaller than its table's size). */
  size: number;
}

export interface PdfPageText {
  /** 1-based. */
  pageNumber: number;
  /** The page's text runs, in the order the PDF draws them. */
  items: PdfTextItem[];
  /** The page's text lines, top to bottom; a line's pieces left to right, separate ones joined by a space. */
  lines: string[];
  /** The lines joined by newlines. */
  text: string;
}

export interface PdfText {
  pageCount: number;
  /** The pages read: all of them, or those asked for. */
  pages: PdfPageText[];
  /** The pages' text, separated by form feeds. */
  text: string;
}

/** Pieces whose baselines are this close (in points) are on one line. */
const SAME_LINE = 2;
/** Pieces closer than this (in points) are one run of text. */
const TOUCHING = 1;

interface Piece extends PdfTextItem {
  width: number;
}

/**
 * The PDF's text, page by page. `pages` picks pages by number (1-based; negative counts from the end, -1 is the last
 * page): reading a few pages of a long report is much quicker than reading all.
 */
export async function pdfText(pdf: Uint8Array, options: { pages?: number[] } = {}): Promise<PdfText> {
  // PDF.js may take the buffer over (transfer it to its worker): it gets a copy.
  const document = await getDocumentProxy(new Uint8Array(pdf));
  try {
    const count = document.numPages;
    const wanted = options.pages
      ? [...new Set(options.pages.map((n) => (n < 0 ? count + 1 + n : n)))].filter((n) => n >= 1 && n <= count).sort((a, b) => a - b)
      : Array.from({ length: count }, (_, index) => index + 1);
    const pages: PdfPageText[] = [];
    for (const pageNumber of wanted) {
      const page = await document.getPage(pageNumber);
      const content = await page.getTextContent();
      const pieces: Piece[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const [a, b] = item.transform as number[];
        pieces.push({ x: item.transform[4], y: item.transform[5], width: item.width, text: item.str, size: Math.hypot(a, b) });
      }
      const items = pieces.map(({ text, x, y, size }) => ({ text, x, y, size }));
      const lines = toLines(pieces);
      pages.push({ pageNumber, items, lines, text: lines.join('\n') });
    }
    return { pageCount: count, pages, text: pages.map((page) => page.text).join('\f') };
  } finally {
    await document.destroy();
  }
}

function toLines(pieces: Piece[]): string[] {
  const rows: Array<{ y: number; pieces: Piece[] }> = [];
  for (const piece of pieces) {
    let row = rows.find((candidate) => Math.abs(candidate.y - piece.y) <= SAME_LINE);
    if (!row) {
      row = { y: piece.y, pieces: [] };
      rows.push(row);
    }
    row.pieces.push(piece);
  }
  rows.sort((a, b) => b.y - a.y); // PDF y grows upwards: the top line first
  return rows.map((row) => {
    const sorted = row.pieces.sort((a, b) => a.x - b.x);
    // Pieces that touch (a label and its value set in two fonts) join as they read; separate cells get a space.
    return sorted
      .map((piece, index) => {
        const previous = sorted[index - 1];
        const touching = previous !== undefined && piece.x - (previous.x + previous.width) < TOUCHING;
        return `${index === 0 || touching ? '' : ' '}${piece.text.trim()}`;
      })
      .join('');
  });
}

/** Reads a whole stream (a rendered report) into one buffer: for tests only, the service pipes the stream. */
export async function readAll(stream: Readable | NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** Reads a rendered report: its bytes and its text (of every page, or of the pages asked for). */
export async function readPdf(stream: Readable | NodeJS.ReadableStream, options: { pages?: number[] } = {}): Promise<{ bytes: Buffer; text: PdfText }> {
  const bytes = await readAll(stream);
  return { bytes, text: await pdfText(bytes, options) };
}

/** What every page of a report must show (reports/pdf/report-canvas.ts): a subset of ReportMeta. */
export interface PageFurniture {
  title: string;
  centreName: string;
  unionName?: string | null;
  periodLabel: string;
  chainHead: { seq: number; hash: string };
}

/**
 * The pages whose header or footer lacks something: the title, the centre, the union, the period, "第 n 页 / 共 m
 * 页" with the right numbers, the chain head's seq and full hash, and the generation time when given as printed
 * ("2026-11-26 16:00:00"). Empty when every page read is right.
 */
export function pageFurnitureProblems(pdf: PdfText, meta: PageFurniture, generatedAtText?: string): string[] {
  const problems: string[] = [];
  for (const page of pdf.pages) {
    const expected = [
      meta.title,
      `托管中心：${meta.centreName}`,
      ...(meta.unionName ? [`工会：${meta.unionName}`] : []),
      `期间：${meta.periodLabel}`,
      `第 ${page.pageNumber} 页 / 共 ${pdf.pageCount} 页`,
      `审计链 #${meta.chainHead.seq} · ${meta.chainHead.hash}`,
      ...(generatedAtText ? [`生成时间：${generatedAtText}`] : []),
    ];
    for (const piece of expected) if (!page.text.includes(piece)) problems.push(`page ${page.pageNumber} lacks "${piece}"`);
  }
  return problems;
}

/**
 * Whether the text prints this amount (a decimal string of the JSON reports) the way every PDF prints money
 * (formatAmount: "46400" → "46,400.00"), as a whole amount: not as the tail of a larger one ("146,400.00"), nor with
 * a minus sign it does not have.
 */
export function printsAmount(text: string, amount: string): boolean {
  const printed = formatAmount(amount).replace(/[.\-]/g, (c) => `\\${c}`);
  return new RegExp(`(?<![0-9,.\\-])${printed}(?![0-9,])`).test(text);
}

