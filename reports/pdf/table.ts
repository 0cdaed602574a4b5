import { FONT_BOLD, FONT_REGULAR } from './fonts.js';
import { COLOURS, type ReportCanvas, type TextAlign } from './report-canvas.js';

export interface TableColumn {
  title: string;
  /** A share of the table's width: the columns divide the body width in proportion to their weights. */
  width: number;
  align?: TextAlign;
  /**
   * A money column: right-aligned on one line, its text shrunk rather than wrapped. Printed as given: the layout
   * passes amounts through formatAmount ("1,234.56"), and a few cells of such a column are no amount ("—", "96.76%").
   */
  money?: boolean;
  /** Adjacent columns with the same group share a header cell above their own titles (a two-row header). */
  group?: string;
}

/** A cell: its text, or its text with a style of its own (bold, indented under its parent, coloured). */
export type TableCell = string | { text: string; bold?: boolean; indent?: number; colour?: string };

export interface RowStyle {
  bold?: boolean;
  /** A background colour; zebra stripes otherwise. */
  fill?: string;
  colour?: string;
  /** Points to indent a span row's text by. */
  indent?: number;
  /** A heavier rule above the row (the first line of a journal entry, a totals row). */
  ruleAbove?: boolean;
}

const cellOf = (cell: TableCell | undefined) => (cell === undefined ? { text: '' } : typeof cell === 'string' ? { text: cell } : cell);

export interface TableOptions {
  fontSize?: number;
  /** Light stripes on every other data row. */
  zebra?: boolean;
  /** A line above the header on each page the table continues onto, e.g. "明细账 102 银行存款（续）". */
  continuedLabel?: string;
}

interface LaidColumn extends TableColumn {
  x: number;
  widthPoints: number;
}

const PADDING_X = 4;
const PADDING_Y = 3;

/**
 * A table written row by row: the header row is drawn at the start and again at the top of every page the table
 * continues onto; a row that does not fit on the page moves whole to the next one. Rows are written as they come,
 * so a table fed from an async source never holds more than one row.
 */
export class ReportTable {
  private readonly columns: LaidColumn[];
  private readonly fontSize: number;
  private readonly lineGap: number;
  private readonly options: TableOptions;
  private dataRows = 0;
  private started = false;

  constructor(
    private readonly canvas: ReportCanvas,
    columns: readonly TableColumn[],
    options: TableOptions = {},
  ) {
    this.options = options;
    this.fontSize = options.fontSize ?? 8.5;
    // The font's own line gap already spaces wrapped lines at about 1.45 em, as Chinese text is usually set.
    this.lineGap = 0;
    const weights = columns.reduce((sum, column) => sum + column.width, 0);
    let x = canvas.left;
    this.columns = columns.map((column) => {
      const widthPoints = (canvas.width * column.width) / weights;
      const laid = { ...column, align: column.align ?? (column.money ? 'right' : 'left'), x, widthPoints };
      x += widthPoints;
      return laid;
    });
  }

  private get hasGroups(): boolean {
    return this.columns.some((column) => column.group);
  }

  /** One line of text: the font's line height (Noto Sans CJK: 1.448 em). */
  private get lineHeight(): number {
    return this.canvas.doc.font(FONT_REGULAR).fontSize(this.fontSize).currentLineHeight();
  }

  /** The height of wrapped text, without the gap pdfkit counts after its last line. */
  private textHeight(text: string, width: number): number {
    if (this.fitsOneLine(text, width)) return this.canvas.doc.currentLineHeight();
    // pdfkit counts the spacing after the last line too: a cell ends at the last line's glyphs.
    return this.canvas.doc.heightOfString(text, { width, lineGap: this.lineGap }) - this.lineSpacing();
  }

  /** What pdfkit adds between wrapped lines beyond one line's height (the current font and size). */
  private lineSpacing(): number {
    const doc = this.canvas.doc;
    return doc.currentLineHeight(true) - doc.currentLineHeight() + this.lineGap;
  }

  /** Most cells fit on one line: measuring the width is much cheaper than wrapping (the current font and size). */
  private fitsOneLine(text: string, width: number): boolean {
    return !text.includes('\n') && this.canvas.doc.widthOfString(text) <= width;
  }

  private get headerHeight(): number {
    const tier = this.lineHeight + 2 * PADDING_Y;
    return this.hasGroups ? 2 * tier : this.tallestHeader() + 2 * PADDING_Y;
  }

  private tallestHeader(): number {
    const doc = this.canvas.doc;
    doc.font(FONT_BOLD).fontSize(this.fontSize);
    return Math.max(...this.columns.map((column) => this.textHeight(column.title, column.widthPoints - 2 * PADDING_X)));
  }

  /** Draws the header row (moving to a new page first when the header and one row would not fit). */
  start(): this {
    this.canvas.ensureSpace(this.headerHeight + this.lineHeight + 2 * PADDING_Y);
    this.drawHeader(false);
    this.started = true;
    return this;
  }

  /** The height a row of these cells takes. */
  rowHeight(cells: readonly TableCell[], style: RowStyle = {}): number {
    const doc = this.canvas.doc;
    let height = this.lineHeight;
    this.columns.forEach((column, index) => {
      const cell = cellOf(cells[index]);
      if (column.money || cell.text === '') return;
      doc.font((cell.bold ?? style.bold) ? FONT_BOLD : FONT_REGULAR).fontSize(this.fontSize);
      const width = column.widthPoints - 2 * PADDING_X - (cell.indent ?? 0);
      height = Math.max(height, this.textHeight(cell.text, width));
    });
    return Math.min(height + 2 * PADDING_Y, this.canvas.bottom - this.canvas.top - this.headerHeight);
  }

  /** Whether a row of these cells still fits on the current page. */
  fits(cells: readonly TableCell[], style: RowStyle = {}): boolean {
    return this.canvas.y + this.rowHeight(cells, style) <= this.canvas.bottom;
  }

  /** Continues the table on a new page (the header row again). */
  breakPage(): void {
    this.canvas.addPage();
    this.drawHeader(true);
  }

  row(cells: readonly TableCell[], style: RowStyle = {}): void {
    if (!this.started) this.start();
    const height = this.rowHeight(cells, style);
    if (this.canvas.y + height > this.canvas.bottom) this.breakPage();
    const fill = style.fill ?? (this.options.zebra !== false && this.dataRows % 2 === 1 ? COLOURS.zebraFill : undefined);
    this.drawRow(cells, height, { ...style, fill });
    this.dataRows += 1;
  }

  /** One cell across the whole table: a group heading ("一、收入") or a note. */
  span(text: string, style: RowStyle = {}): void {
    if (!this.started) this.start();
    const doc = this.canvas.doc;
    const width = this.canvas.width - 2 * PADDING_X - (style.indent ?? 0);
    const lineHeight = this.lineHeight;
    doc.font(style.bold ? FONT_BOLD : FONT_REGULAR).fontSize(this.fontSize);
    const height = Math.max(lineHeight, this.textHeight(text, width)) + 2 * PADDING_Y;
    if (this.canvas.y + height > this.canvas.bottom) this.breakPage();
    const y = this.canvas.y;
    this.background(y, height, style.fill);
    doc.fillColor(style.colour ?? COLOURS.text);
    doc.text(text, this.canvas.left + PADDING_X + (style.indent ?? 0), y + PADDING_Y, {
      width,
      lineGap: this.lineGap,
      height: height - PADDING_Y + this.lineSpacing() + 0.5,
    });
    this.frame(y, height, false, style.ruleAbove ?? false);
    this.canvas.y = y + height;
  }

  /** The totals row: bold, shaded, a heavier rule above. */
  totals(cells: readonly TableCell[]): void {
    this.row(cells, { bold: true, fill: COLOURS.totalsFill, ruleAbove: true });
  }

  /** Leaves a little space under the table. */
  end(): void {
    this.canvas.gap(8);
  }

  // ---- drawing -----------------------------------------------------------------------------------------------

  private drawHeader(continued: boolean): void {
    const doc = this.canvas.doc;
    if (continued && this.options.continuedLabel) {
      doc.font(FONT_REGULAR).fontSize(this.fontSize).fillColor(COLOURS.muted);
      doc.text(this.options.continuedLabel, this.canvas.left, this.canvas.y, { lineBreak: false });
      this.canvas.y += this.fontSize * 1.3 + 4;
    }
    const top = this.canvas.y;
    const height = this.headerHeight;
    doc.save().rect(this.canvas.left, top, this.canvas.width, height).fill(COLOURS.headerFill).restore();
    doc.font(FONT_BOLD).fontSize(this.fontSize).fillColor(COLOURS.text);
    const tier = height / 2;
    let index = 0;
    while (index < this.columns.length) {
      const column = this.columns[index];
      if (column.group) {
        let last = index;
        while (last + 1 < this.columns.length && this.columns[last + 1].group === column.group) last += 1;
        const groupWidth = this.columns[last].x + this.columns[last].widthPoints - column.x;
        this.centredText(column.group, column.x, top, groupWidth, tier);
        this.vertical(column.x, top, top + height);
        doc.save().moveTo(column.x, top + tier).lineTo(column.x + groupWidth, top + tier).lineWidth(0.5).strokeColor(COLOURS.grid).stroke().restore();
        for (let member = index; member <= last; member += 1) {
          const own = this.columns[member];
          this.centredText(own.title, own.x, top + tier, own.widthPoints, tier);
          if (member > index) this.vertical(own.x, top + tier, top + height);
        }
        index = last + 1;
      } else {
        this.centredText(column.title, column.x, top, column.widthPoints, height);
        this.vertical(column.x, top, top + height);
        index += 1;
      }
    }
    this.vertical(this.canvas.right, top, top + height);
    this.horizontal(top, 0.8, COLOURS.rule);
    this.horizontal(top + height, 0.8, COLOURS.rule);
    this.canvas.y = top + height;
  }

  private centredText(text: string, x: number, y: number, width: number, height: number): void {
    const doc = this.canvas.doc;
    const inner = width - 2 * PADDING_X;
    const textHeight = this.textHeight(text, inner);
    doc.text(text, x + PADDING_X, y + Math.max(PADDING_Y, (height - textHeight) / 2), { width: inner, align: 'center', lineGap: this.lineGap });
  }

  private drawRow(cells: readonly TableCell[], height: number, style: RowStyle): void {
    const doc = this.canvas.doc;
    const y = this.canvas.y;
    this.background(y, height, style.fill);
    this.columns.forEach((column, index) => {
      const cell = cellOf(cells[index]);
      if (cell.text === '') return;
      const bold = cell.bold ?? style.bold ?? false;
      const colour = cell.colour ?? style.colour ?? COLOURS.text;
      const indent = cell.indent ?? 0;
      const inner = column.widthPoints - 2 * PADDING_X - indent;
      if (column.money) {
        this.canvas.line(cell.text, column.x + PADDING_X + indent, y + PADDING_Y, inner, {
          size: this.fontSize,
          bold,
          colour,
          align: column.align,
          // Shrunk as far as it takes, never cut: the columns' widths keep every numeric(18,2) amount above 60 % of
          // the size (README), and a cut amount would print another amount.
          minSize: 0,
        });
        return;
      }
      doc.font(bold ? FONT_BOLD : FONT_REGULAR).fontSize(this.fontSize).fillColor(colour);
      if (this.fitsOneLine(cell.text, inner)) {
        const width = doc.widthOfString(cell.text);
        const offset = column.align === 'right' ? inner - width : column.align === 'center' ? (inner - width) / 2 : 0;
        doc.text(cell.text, column.x + PADDING_X + indent + offset, y + PADDING_Y, { lineBreak: false });
        return;
      }
      doc.text(cell.text, column.x + PADDING_X + indent, y + PADDING_Y, {
        width: inner,
        align: column.align,
        lineGap: this.lineGap,
        // Room for every line the row was measured for; "…" only where a row taller than a page was cut.
        height: height - PADDING_Y + this.lineSpacing() + 0.5,
        ellipsis: true,
      });
    });
    this.frame(y, height, true, style.ruleAbove ?? false);
    this.canvas.y = y + height;
  }

  private background(y: number, height: number, fill: string | undefined): void {
    if (!fill) return;
    this.canvas.doc.save().rect(this.canvas.left, y, this.canvas.width, height).fill(fill).restore();
  }

  private frame(y: number, height: number, separators: boolean, ruleAbove: boolean): void {
    if (separators) for (const column of this.columns) this.vertical(column.x, y, y + height);
    else this.vertical(this.canvas.left, y, y + height);
    this.vertical(this.canvas.right, y, y + height);
    if (ruleAbove) this.horizontal(y, 0.8, COLOURS.rule);
    this.horizontal(y + height, 0.5, COLOURS.grid);
  }

  private vertical(x: number, from: number, to: number): void {
    this.canvas.doc.save().moveTo(x, from).lineTo(x, to).lineWidth(0.5).strokeColor(COLOURS.grid).stroke().restore();
  }

  private horizontal(y: number, width: number, colour: string): void {
    this.canvas.doc.save().moveTo(this.canvas.left, y).lineTo(this.canvas.right, y).lineWidth(width).strokeColor(colour).stroke().restore();
  }
}
