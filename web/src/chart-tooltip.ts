/**
 * ECharts renders a tooltip formatter's string as HTML. The views escape the names they put there, but one that
 * forgets would let a union or enterprise named `<img src=x onerror=…>` run script in the console. EChart.vue passes
 * every formatter's answer through `inertTooltipHtml`: the few tags tooltips are made of stay (line breaks, bold, and
 * the spans/divs with a plain style that ECharts' own colour markers are), every other tag is shown as text.
 */

const STYLE_VALUE = String.raw`(?:[#\w\s:;.,%-]|rgba?\([\d\s.,%]*\))*`;
const ALLOWED_TAG = new RegExp(String.raw`^<(?:br\s*\/?|\/?(?:b|strong|em|p)|\/(?:span|div)|(?:span|div)(?:\s+style="${STYLE_VALUE}")?)>$`, 'i');

const escapeTag = (tag: string) => tag.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The tooltip's HTML with anything but the allowed plain markup turned into text. Entities already escaped stay. */
export function inertTooltipHtml(html: string): string {
  return html.replace(/<[^<>]*>?/g, (tag) => (ALLOWED_TAG.test(tag) ? tag : escapeTag(tag)));
}

type Formatter = (...args: unknown[]) => unknown;

function guardTooltip<T>(tooltip: T): T {
  if (Array.isArray(tooltip)) return tooltip.map(guardTooltip) as T;
  if (!tooltip || typeof tooltip !== 'object') return tooltip;
  const formatter = (tooltip as { formatter?: unknown }).formatter;
  if (typeof formatter !== 'function') return tooltip;
  const guarded: Formatter = (...args) => {
    const out = (formatter as Formatter)(...args);
    return typeof out === 'string' ? inertTooltipHtml(out) : out;
  };
  return { ...tooltip, formatter: guarded };
}

/** A copy of a chart's option whose tooltip formatters (the chart's and each series') answer inert HTML. */
export function withInertTooltips<T extends object>(option: T): T {
  const copy = { ...option } as Record<string, unknown>;
  if ('tooltip' in copy) copy.tooltip = guardTooltip(copy.tooltip);
  if (Array.isArray(copy.series)) copy.series = copy.series.map((series) => (series && typeof series === 'object' && 'tooltip' in series ? { ...series, tooltip: guardTooltip(series.tooltip) } : series));
  else if (copy.series && typeof copy.series === 'object' && 'tooltip' in copy.series) {
    copy.series = { ...copy.series, tooltip: guardTooltip((copy.series as { tooltip: unknown }).tooltip) };
  }
  return copy as T;
}
