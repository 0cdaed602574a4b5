import PDFDocument from 'pdfkit';
import type { Readable } from 'node:stream';
import { FONT_BOLD, FONT_REGULAR, reportFontFiles } from './fonts.js';
import { beijingTime } from './format.js';

/** The audit chain's head when the report was made: every page prints it, so a page can be tied to the trail. */
export interface ChainHead {
  seq: number;
  /** 64 hex characters. */
  hash: string;
}

/** What every page of a report says about itself: the header and the footer. */
export interface ReportMeta {
  /** 科目余额表, 审计资料包, … */
  title: string;
  centreName: string;
  /** The union whose sub-ledger the report shows; left out of the header when null or missing. */
  unionName?: string | null;
  /** "2026年1月—2026年11月", "2026-11", … printed as given (see periodRangeLabel). */
  periodLabel: string;
  /** ISO instant; printed as Beijing time. */
  generatedAt: string;
  chainHead: ChainHead;
}

export type PageLayout = 'portrait' | 'landscape';
export type TextAlign = 'left' | 'center' | 'right';

export const COLOURS = {
  text: '#1a1a1a',
  muted: '#555555',
  rule: '#333333',
  grid: '#b8b8b8',
  headerFill: '#e6ebf2',
  zebraFill: '#f5f7fa',
  totalsFill: '#eef1f5',
  warning: '#b00020',
} as const;

const MARGIN_X = 40;
/** pdfkit's own margins stay small: the canvas manages the body area and never lets pdfkit break pages itself. */
const PDFKIT_MARGIN = 8;
const HEADER = { titleY: 22, titleSize: 14, infoY: 45, infoSize: 8.5, ruleY: 60 } as const;
const BODY_TOP = 72;
const FOOTER = { ruleFromBottom: 50, lineFromBottom: 44, chainFromBottom: 31, size: 7.5, chainSize: 6.5 } as const;
const BODY_BOTTOM_FROM_BOTTOM = 58;
const PAGE_NUMBER_BOX = { width: 150, height: 12, size: 8 } as const;
/** Points a line may measure over its width and still count as fitting (the rounding of a shrunk size). */
const FIT_TOLERANCE = 0.01;
/** A stream chunk budget: past this many bytes waiting in the document's buffer, async layouts wait for the reader. */
const HIGH_WATER_MARK = 64 * 1024;

/** drained() gives the event loop a turn after this many calls that did not have to wait. */
const YIELD_EVERY = 64;

/** The reader went away (the document stream was destroyed) while a layout was still writing. */
export class ReportAbortedError extends Error {
  constructor() {
    super('the report stream was closed before the report was complete');
    this.name = 'ReportAbortedError';
  }
}

export interface TextStyle {
  size?: number;
  bold?: boolean;
  colour?: string;
  align?: TextAlign;
}

/**
 * A report document: a pdfkit document (A4) whose every page carries the report's header and footer, and a body
 * area the layouts draw into from top to bottom.
 *
 * Pages are not buffered: each page goes out to the stream as soon as the next one starts, so a report of thousands
 * of pages holds one page's content at a time (plus the PDF's page tree, about 1.5 KB a page, written at the end).
 * The one thing not known until the end, the page count in
 * "第 n 页 / 共 m 页", is drawn through a small form XObject per page whose content is written when the report is
 * finished (the PDF way of printing a total page count without holding the pages: the pages only refer to it).
 */
export class ReportCanvas {
  readonly doc: PDFKit.PDFDocument;
  readonly meta: ReportMeta;
  /** Shown in the header after the title on the pages that follow (a section of the audit package). */
  sectionTitle: string | null = null;
  private currentLayout: PageLayout;
  private pageCount = 0;
  private readonly pageNumberForms: PDFKit.PDFKitReference[] = [];
  private bodyUsed = false;
  private drainChecks = 0;
  private finished = false;

  constructor(meta: ReportMeta, options: { layout?: PageLayout } = {}) {
    this.meta = meta;
    this.currentLayout = options.layout ?? 'portrait';
    const generatedAt = new Date(meta.generatedAt);
    this.doc = new PDFDocument({
      size: 'A4',
      layout: this.currentLayout,
      margin: PDFKIT_MARGIN,
      autoFirstPage: false,
      bufferPages: false,
      lang: 'zh-CN',
      displayTitle: true,
      info: {
        Title: meta.title,
        Author: meta.centreName,
        Subject: meta.periodLabel,
        Creator: 'dues-custody-ledger reports',
        // A fixed creation date (the generation time) makes the same model render the same bytes.
        ...(Number.isNaN(generatedAt.getTime()) ? {} : { CreationDate: generatedAt }),
      },
      // Passed on to the Readable the document is.
      highWaterMark: HIGH_WATER_MARK,
    } as PDFKit.PDFDocumentOptions);
    const fonts = reportFontFiles();
    this.doc.registerFont(FONT_REGULAR, fonts.regular);
    this.doc.registerFont(FONT_BOLD, fonts.bold);
    this.addPage(this.currentLayout);
  }

  get layout(): PageLayout {
    return this.currentLayout;
  }

  get pageNumber(): number {
    return this.pageCount;
  }

  get left(): number {
    return MARGIN_X;
  }

  get right(): number {
    return this.doc.page.width - MARGIN_X;
  }

  get width(): number {
    return this.right - this.left;
  }

  get top(): number {
    return BODY_TOP;
  }

  get bottom(): number {
    return this.doc.page.height - BODY_BOTTOM_FROM_BOTTOM;
  }

  get y(): number {
    return this.doc.y;
  }

  set y(value: number) {
    this.doc.y = value;
    this.bodyUsed = true;
  }

  get remaining(): number {
    return this.bottom - this.doc.y;
  }

  /** Nothing has been drawn in the body of the current page yet. */
  get pageIsEmpty(): boolean {
    return !this.bodyUsed;
  }

  addPage(layout: PageLayout = this.currentLayout): void {
    this.currentLayout = layout;
    this.doc.addPage({ size: 'A4', layout, margin: PDFKIT_MARGIN });
    this.pageCount += 1;
    this.forgetTextLayouts();
    this.drawHeader();
    this.drawFooter();
    this.doc.x = this.left;
    this.doc.y = this.top;
    this.bodyUsed = false;
  }

  /** Starts a new page unless `height` more points fit on this one. */
  ensureSpace(height: number): boolean {
    if (this.doc.y + height <= this.bottom) return false;
    this.addPage();
    return true;
  }

  /**
   * Starts a section (of the audit package): on a new page unless the current one is still empty and of the right
   * layout; the header of the pages that follow names it, and the PDF outline (bookmarks) gets an entry.
   */
  startSection(title: string, options: { layout?: PageLayout; headerTitle?: string } = {}): void {
    const layout = options.layout ?? this.currentLayout;
    const headerTitle = options.headerTitle ?? title;
    const sameHeader = headerTitle === this.sectionTitle;
    this.sectionTitle = headerTitle;
    if (!this.pageIsEmpty || layout !== this.currentLayout || !sameHeader) this.addPage(layout);
    this.doc.outline.addItem(title);
    this.heading(title, { size: 13 });
  }

  gap(points: number): void {
    if (this.doc.y + points > this.bottom) return;
    this.doc.y += points;
  }

  heading(text: string, style: TextStyle = {}): void {
    const size = style.size ?? 12;
    this.ensureSpace(size * 1.5 + 24);
    this.doc.font(FONT_BOLD).fontSize(size).fillColor(style.colour ?? COLOURS.text);
    this.doc.text(text, this.left, this.doc.y, { width: this.width, align: style.align ?? 'left', lineGap: 2 });
    this.doc.y += size * 0.35;
    this.bodyUsed = true;
  }

  /** A paragraph that wraps within the body width; it moves to a new page whole when it does not fit here. */
  paragraph(text: string, style: TextStyle & { indent?: number; lineGap?: number } = {}): void {
    const size = style.size ?? 10;
    const indent = style.indent ?? 0;
    const width = this.width - indent;
    const lineGap = style.lineGap ?? size * 0.45;
    this.doc.font(style.bold ? FONT_BOLD : FONT_REGULAR).fontSize(size);
    const height = this.doc.heightOfString(text, { width, lineGap });
    const bodyHeight = this.bottom - this.top;
    if (height > this.remaining) this.addPage();
    this.doc.fillColor(style.colour ?? COLOURS.text);
    this.doc.text(text, this.left + indent, this.doc.y, {
      width,
      lineGap,
      align: style.align ?? 'left',
      height: Math.min(height, bodyHeight),
      ellipsis: height > bodyHeight,
    });
    this.bodyUsed = true;
  }

  /** "标签：值" pairs set in `columns` columns, row by row. */
  fields(pairs: ReadonlyArray<readonly [string, string]>, options: { columns?: number; size?: number; indent?: number } = {}): void {
    const columns = options.columns ?? 2;
    const size = options.size ?? 9.5;
    const indent = options.indent ?? 0;
    const columnWidth = (this.width - indent) / columns;
    const lineGap = size * 0.35;
    for (let start = 0; start < pairs.length; start += columns) {
      const row = pairs.slice(start, start + columns);
      const texts = row.map(([label, value]) => `${label}：${value}`);
      this.doc.font(FONT_REGULAR).fontSize(size);
      const height = Math.max(...texts.map((text) => this.doc.heightOfString(text, { width: columnWidth - 8, lineGap })));
      this.ensureSpace(height + 4);
      const y = this.doc.y;
      row.forEach(([label, value], index) => {
        const x = this.left + indent + index * columnWidth;
        this.doc.font(FONT_BOLD).fontSize(size).fillColor(COLOURS.muted);
        this.doc.text(`${label}：`, x, y, { width: columnWidth - 8, lineGap, continued: true });
        this.doc.font(FONT_REGULAR).fillColor(COLOURS.text).text(value, { lineGap });
      });
      this.doc.x = this.left;
      this.doc.y = y + height + 4;
    }
    this.bodyUsed = true;
  }

  /**
   * A line of text with an optional right-hand part: above a table, what it shows and "金额单位：元"; under one, a
   * remark. A caption above a table moves to the next page with it unless a header row fits after it too.
   */
  caption(leftText: string, rightText = '', style: TextStyle & { keepWithNext?: boolean } = {}): void {
    const size = style.size ?? 9;
    this.ensureSpace(size * 1.4 + (style.keepWithNext === false ? 0 : 30));
    const y = this.doc.y;
    this.doc.font(FONT_REGULAR).fontSize(size);
    const rightWidth = rightText ? Math.min(this.doc.widthOfString(rightText) + 2, this.width / 2) : 0;
    if (rightText) this.line(rightText, this.right - rightWidth, y, rightWidth, { size, colour: COLOURS.muted, align: 'right' });
    this.line(leftText, this.left, y, this.width - rightWidth - 12, { size, colour: style.colour ?? COLOURS.text, bold: style.bold });
    this.doc.x = this.left;
    this.y = y + size * 1.4 + 4;
  }

  /**
   * One line of text at a position, shrunk (to `minSize`) and then cut with "…" to fit `width`. With `minSize: 0`
   * the text shrinks as far as it must and is never cut (an amount cut short would read as another amount).
   */
  line(text: string, x: number, y: number, width: number, style: TextStyle & { minSize?: number } = {}): void {
    const font = style.bold ? FONT_BOLD : FONT_REGULAR;
    const fullSize = style.size ?? 9;
    let size = fullSize;
    const minSize = style.minSize ?? Math.min(size, 6);
    this.doc.font(font).fontSize(size);
    let measured = this.doc.widthOfString(text);
    if (measured > width && size > minSize) {
      size = Math.max(minSize, (size * width) / measured);
      this.doc.fontSize(size);
      measured = this.doc.widthOfString(text);
    }
    let shown = text;
    // Text shrunk to the width measures a hair over it in floating point: that is no reason to cut a character.
    if (measured > width + FIT_TOLERANCE) {
      while (shown.length > 1 && this.doc.widthOfString(`${shown}…`) > width) shown = shown.slice(0, -1);
      shown = `${shown}…`;
      measured = this.doc.widthOfString(shown);
    }
    const align = style.align ?? 'left';
    const offset = align === 'right' ? width - measured : align === 'center' ? (width - measured) / 2 : 0;
    // pdfkit places a line by its top: a shrunk line moves down to keep the baseline of the text beside it.
    const drop = ((fullSize - size) * this.ascender()) / 1000;
    this.doc.fillColor(style.colour ?? COLOURS.text);
    this.doc.text(shown, x + offset, y + drop, { lineBreak: false });
  }

  /** The current font's ascender, in thousandths of the size (pdfkit keeps it on its font object). */
  private ascender(): number {
    return (this.doc as unknown as { _font: { ascender: number } })._font.ascender;
  }

  rule(y: number, options: { from?: number; to?: number; width?: number; colour?: string } = {}): void {
    this.doc
      .save()
      .moveTo(options.from ?? this.left, y)
      .lineTo(options.to ?? this.right, y)
      .lineWidth(options.width ?? 0.5)
      .strokeColor(options.colour ?? COLOURS.rule)
      .stroke()
      .restore();
  }

  /**
   * Waits while the document's stream buffer is full, until the reader takes more: async layouts call it between
   * items so that a slow reader (an HTTP client) holds up the source (a database cursor) instead of memory filling.
   */
  async drained(): Promise<void> {
    const readable = this.doc as unknown as Readable & { _read: (size: number) => void };
    if (readable.destroyed) throw new ReportAbortedError();
    if (readable.readableLength < readable.readableHighWaterMark) {
      // A source that answers from memory never leaves the microtask queue: let timers and I/O (the reader closing
      // the stream) have a turn now and then.
      this.drainChecks += 1;
      if (this.drainChecks % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      if (readable.destroyed) throw new ReportAbortedError();
      return;
    }
    await new Promise<void>((resolve) => {
      const onClose = () => settle();
      const settle = () => {
        delete (readable as { _read?: unknown })._read; // back to the prototype's
        readable.off('close', onClose);
        resolve();
      };
      // The stream asks for more data (calls _read) once its reader has taken enough out of the buffer.
      readable._read = () => settle();
      readable.once('close', onClose);
    });
    if (readable.destroyed) throw new ReportAbortedError();
  }

  /** Writes the page totals and ends the document; the stream ends once the reader has taken the rest. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.writePageNumbers();
    this.doc.end();
  }

  /** Ends the document stream with an error (an async layout whose source failed). */
  fail(error: unknown): void {
    this.finished = true;
    const readable = this.doc as unknown as Readable;
    if (!readable.destroyed) readable.destroy(error instanceof Error ? error : new Error(String(error)));
  }

  // ---- page furniture ----------------------------------------------------------------------------------------

  /**
   * pdfkit keeps the glyph layout of every distinct string it has measured, for the document's life: over thousands
   * of pages of amounts and memos that is the one thing that grows. The cache pays off within a page (a cell is
   * measured, then drawn), so it starts afresh on each one.
   */
  private forgetTextLayouts(): void {
    const families = (this.doc as unknown as { _fontFamilies?: Record<string, { layoutCache?: object }> })._fontFamilies ?? {};
    for (const font of Object.values(families)) if (font.layoutCache) font.layoutCache = Object.create(null) as object;
  }

  private headerTitle(): string {
    return this.sectionTitle ? `${this.meta.title} · ${this.sectionTitle}` : this.meta.title;
  }

  private drawHeader(): void {
    const doc = this.doc;
    doc.save();
    this.line(this.headerTitle(), this.left, HEADER.titleY, this.width, { size: HEADER.titleSize, bold: true, align: 'center', minSize: 10 });
    const parts = [`托管中心：${this.meta.centreName}`];
    if (this.meta.unionName) parts.push(`工会：${this.meta.unionName}`);
    const period = `期间：${this.meta.periodLabel}`;
    doc.font(FONT_REGULAR).fontSize(HEADER.infoSize);
    const periodWidth = Math.min(doc.widthOfString(period), this.width / 3);
    this.line(period, this.right - periodWidth, HEADER.infoY, periodWidth, { size: HEADER.infoSize, colour: COLOURS.muted, align: 'right' });
    this.line(parts.join('　　'), this.left, HEADER.infoY, this.width - periodWidth - 12, { size: HEADER.infoSize, colour: COLOURS.muted });
    this.rule(HEADER.ruleY, { width: 0.8 });
    doc.restore();
  }

  private drawFooter(): void {
    const doc = this.doc;
    const height = doc.page.height;
    doc.save();
    this.rule(height - FOOTER.ruleFromBottom, { width: 0.5, colour: COLOURS.grid });
    this.line(`生成时间：${beijingTime(this.meta.generatedAt)}（北京时间）`, this.left, height - FOOTER.lineFromBottom, this.width / 2, {
      size: FOOTER.size,
      colour: COLOURS.muted,
    });
    const { seq, hash } = this.meta.chainHead;
    this.line(`审计链 #${seq} · ${hash}`, this.left, height - FOOTER.chainFromBottom, this.width, { size: FOOTER.chainSize, colour: COLOURS.muted });
    this.placePageNumber(this.right - PAGE_NUMBER_BOX.width, height - FOOTER.lineFromBottom);
    doc.restore();
  }

  private placePageNumber(x: number, y: number): void {
    const doc = this.doc;
    const form = doc.ref({
      Type: 'XObject',
      Subtype: 'Form',
      BBox: [0, 0, PAGE_NUMBER_BOX.width, PAGE_NUMBER_BOX.height],
      Resources: { ProcSet: ['PDF', 'Text'], Font: {} },
    });
    const name = `PageNumber${this.pageCount}`;
    doc.page.xobjects[name] = form;
    this.pageNumberForms.push(form);
    doc.save();
    doc.translate(x, y);
    doc.addContent(`/${name} Do`);
    doc.restore();
  }

  /**
   * Fills each page's number form with "第 n 页 / 共 m 页", right-aligned in its box. pdfkit draws the text: for
   * the moment, its current page is a stand-in whose content and font resources are the form's.
   */
  private writePageNumbers(): void {
    const doc = this.doc;
    const total = this.pageCount;
    const page = doc.page;
    const { x, y } = doc;
    try {
      this.pageNumberForms.forEach((form, index) => {
        const resources = (form.data as unknown as { Resources: { Font: Record<string, unknown> } }).Resources;
        const standIn = {
          width: PAGE_NUMBER_BOX.width,
          height: PAGE_NUMBER_BOX.height,
          margins: { top: 0, left: 0, right: 0, bottom: 0 },
          fonts: resources.Font,
          xobjects: {},
          ext_gstates: {},
          patterns: {},
          colorSpaces: {},
          annotations: [],
          markings: [],
          maxY: () => PAGE_NUMBER_BOX.height,
          write: (chunk: unknown) => form.write(chunk),
        };
        doc.page = standIn as unknown as PDFKit.PDFPage;
        const text = `第 ${index + 1} 页 / 共 ${total} 页`;
        doc.font(FONT_REGULAR).fontSize(PAGE_NUMBER_BOX.size).fillColor(COLOURS.muted);
        const width = doc.widthOfString(text);
        doc.text(text, Math.max(0, PAGE_NUMBER_BOX.width - width), 0, { lineBreak: false });
        form.end(undefined);
      });
    } finally {
      doc.page = page;
      doc.x = x;
      doc.y = y;
    }
  }
}

/** A new report document: A4, portrait unless a wide layout asks for landscape. */
export function createReportCanvas(meta: ReportMeta, options: { layout?: PageLayout } = {}): ReportCanvas {
  return new ReportCanvas(meta, options);
}

/**
 * A report written by an async layout (one that reads an item source): the document is returned at once for the
 * caller to pipe, and fills as the layout writes, as fast as the reader takes it. A failure of the layout or of its
 * source destroys the stream with that error, which the pipe passes on.
 */
export function renderAsync(meta: ReportMeta, layout: PageLayout, draw: (canvas: ReportCanvas) => Promise<void>): PDFKit.PDFDocument {
  const canvas = createReportCanvas(meta, { layout });
  draw(canvas)
    .then(() => canvas.finish())
    .catch((error: unknown) => canvas.fail(error));
  return canvas.doc;
}
