// Runs in the page (tests/web/browserPage.ts evaluates it): the accessibility checks of the browser
// tests. Returns a list of problems, one line each; an empty list when the page passes.
(() => {
    const out = [];
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
    };
    const describe = (el) => `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}> "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    for (const [selector, name] of [['header', 'banner'], ['nav', 'navigation'], ['main', 'main'], ['footer', 'contentinfo'], ['[role="search"]', 'search']]) {
      if (!document.querySelector(selector)) out.push(`no ${name} landmark`);
    }
    if (document.querySelectorAll('main').length !== 1) out.push(`${document.querySelectorAll('main').length} main elements`);
    const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter(visible);
    if (headings.filter((h) => h.tagName === 'H1').length !== 1) out.push(`${headings.filter((h) => h.tagName === 'H1').length} h1 elements`);
    let level = 0;
    for (const h of headings) {
      const l = Number(h.tagName[1]);
      if (l > level + 1) out.push(`heading level skipped: h${level} then ${describe(h)}`);
      level = l;
    }
    for (const img of document.querySelectorAll('img')) if (!img.hasAttribute('alt')) out.push(`image without alt: ${img.src}`);
    for (const svg of document.querySelectorAll('svg')) {
      if (!visible(svg) || svg.closest('[aria-hidden="true"]') || svg.closest('button, a')) continue;
      const named = svg.getAttribute('aria-label') || svg.getAttribute('aria-labelledby') || svg.querySelector(':scope > title');
      if (!named) out.push(`svg without a name: ${describe(svg.parentElement ?? svg)}`);
    }
    const nameOf = (el) => (el.getAttribute('aria-label') ?? '').trim() || (el.textContent ?? '').trim() || (el.getAttribute('title') ?? '').trim()
      || [...el.querySelectorAll('title, img[alt]')].map((t) => (t instanceof HTMLImageElement ? t.alt : t.textContent || '')).join('').trim();
    for (const el of document.querySelectorAll('a[href], button, [role="button"]')) {
      if (visible(el) && nameOf(el) === '') out.push(`no accessible name: ${el.outerHTML.slice(0, 120)}`);
    }
    for (const el of document.querySelectorAll('input:not([type="hidden"]), select, textarea')) {
      if (!visible(el)) continue;
      const labelled = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || (el.id && document.querySelector(`label[for="${el.id}"]`)) || el.closest('label') || el.getAttribute('title');
      if (!labelled) out.push(`form field without a label: ${el.outerHTML.slice(0, 120)}`);
    }
    // Contrast of every visible text node's element against the first opaque background behind it.
    const rgb = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r = 0, g = 0, b = 0]) => {
      const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c[3] ?? 0) > 0.9) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const seen = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || seen.has(el) || (n.textContent ?? '').trim() === '' || !visible(el) || el.closest('svg, .CodeMirror, [aria-hidden="true"], .disabled')) continue;
      seen.add(el);
      const s = getComputedStyle(el);
      if (Number(s.opacity) < 1) continue;
      const fg = rgb(s.color);
      const [a, b] = [lum(fg.slice(0, 3)), lum(background(el))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const large = parseFloat(s.fontSize) >= 24 || (parseFloat(s.fontSize) >= 18.66 && Number(s.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) out.push(`contrast ${ratio.toFixed(2)}: ${describe(el)} (${s.color} on rgb(${background(el).join(', ')}))`);
    }
    if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth}px wide in ${window.innerWidth}px`);
    return out;
})()
