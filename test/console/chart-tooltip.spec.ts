import { inertTooltipHtml, withInertTooltips } from '../../web/src/chart-tooltip.js';

describe('chart tooltips: HTML from formatters made inert', () => {
  it('shows hostile markup as text', () => {
    expect(inertTooltipHtml('<img src=x onerror=alert(1)><br/>1,000.00 元')).toBe('&lt;img src=x onerror=alert(1)&gt;<br/>1,000.00 元');
    expect(inertTooltipHtml('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(inertTooltipHtml('<img src=x onerror=alert(1)')).toBe('&lt;img src=x onerror=alert(1)');
    expect(inertTooltipHtml('<svg/onload=alert(1)>')).toBe('&lt;svg/onload=alert(1)&gt;');
    expect(inertTooltipHtml('<<img src=x onerror=alert(1)>>')).toBe('&lt;&lt;img src=x onerror=alert(1)&gt;>');
  });

  it('refuses attributes other than a plain style, and styles that could fetch or break out', () => {
    expect(inertTooltipHtml('<span onmouseover="alert(1)">x</span>')).toBe('&lt;span onmouseover=&quot;alert(1)&quot;&gt;x</span>');
    expect(inertTooltipHtml('<span style="color:red" onclick="x">')).toBe('&lt;span style=&quot;color:red&quot; onclick=&quot;x&quot;&gt;');
    expect(inertTooltipHtml('<div style="background:url(http://evil)">')).toBe('&lt;div style=&quot;background:url(http://evil)&quot;&gt;');
    expect(inertTooltipHtml('<a href="javascript:alert(1)">x</a>')).toBe('&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;');
  });

  it('keeps the plain markup tooltips are made of, and text already escaped', () => {
    const marker = '<span style="display:inline-block;margin-right:4px;border-radius:10px;width:10px;height:10px;background-color:#5470c6;"></span>';
    expect(inertTooltipHtml(marker)).toBe(marker);
    const rgba = '<span style="background-color:rgba(84, 112, 198, 0.5);"></span>';
    expect(inertTooltipHtml(rgba)).toBe(rgba);
    expect(inertTooltipHtml('2026-03<br/>应缴经费：1,000.00 元<br>x<br />')).toBe('2026-03<br/>应缴经费：1,000.00 元<br>x<br />');
    expect(inertTooltipHtml('<b>合计</b><div>1</div>')).toBe('<b>合计</b><div>1</div>');
    expect(inertTooltipHtml('&lt;img src=x&gt; &amp; 1 > 0')).toBe('&lt;img src=x&gt; &amp; 1 > 0');
  });

  it('wraps the formatters of the chart and of each series, leaving the option given untouched', () => {
    const hostile = () => '<img src=x onerror=alert(1)>';
    const option = { tooltip: { trigger: 'axis', formatter: hostile }, series: [{ type: 'bar', tooltip: { formatter: hostile } }, { type: 'line' }] };
    const safe = withInertTooltips(option);
    expect(option.tooltip.formatter).toBe(hostile);
    expect((safe.tooltip.formatter as () => string)()).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect((safe.series[0].tooltip!.formatter as () => string)()).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(safe.series[1]).toBe(option.series[1]);
    expect(safe.tooltip.trigger).toBe('axis');
    // a string template is ECharts' own business (it escapes the values), and options without tooltips pass
    expect(withInertTooltips({ tooltip: { formatter: '{b}: {c}' } }).tooltip.formatter).toBe('{b}: {c}');
    expect(withInertTooltips({ xAxis: {} })).toEqual({ xAxis: {} });
    const several = withInertTooltips({ tooltip: [{ formatter: hostile }] });
    expect((several.tooltip[0].formatter as () => string)()).toBe('&lt;img src=x onerror=alert(1)&gt;');
  });
});
