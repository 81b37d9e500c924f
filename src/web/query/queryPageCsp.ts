// The Content-Security-Policy of the SPARQL query page: the site's policy (src/web/respond.ts) with
// one narrow addition. YASGUI's table view sizes its columns with a resizer library that writes two
// fixed <style> elements into the page's head: its base rules when a table is drawn, and a cursor
// rule while a column is dragged. Without them the table overflows the page. They are allowed by
// the SHA-256 of their exact text, so no other inline style, and no style attribute, is allowed;
// scripts stay 'self' (no inline script, no eval) and connections stay 'self' (only our endpoint).
// tests/web/queryPageCsp.test.ts checks that the texts are still those of the YASGUI we serve.
import { createHash } from 'node:crypto';
import { CONTENT_SECURITY_POLICY } from '../respond.ts';

export const YASGUI_INLINE_STYLES: readonly string[] = [
  ' .grip-resizable{table-layout:fixed;} .grip-resizable > tbody > tr > td, .grip-resizable > tbody > tr > th{overflow:hidden} .grip-padding > tbody > tr > td, .grip-padding > tbody > tr > th{padding-left:0!important; padding-right:0!important;} .grip-container{ height:0px; position:relative;} .grip-handle{margin-left:-5px; position:absolute; z-index:5; } .grip-handle .grip-resizable{position:absolute;background-color:red;filter:alpha(opacity=1);opacity:0;width:10px;height:100%;cursor: col-resize;top:0px} .grip-lastgrip{position:absolute; width:1px; } .grip-drag{ border-left:1px dotted black;\t} .grip-flex{width:auto!important;} .grip-handle.grip-disabledgrip .grip-resizable{cursor:default; display:none;}',
  '*{cursor:col-resize!important}',
];

const hashes = YASGUI_INLINE_STYLES.map((text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`);

export const QUERY_PAGE_CSP = CONTENT_SECURITY_POLICY.replace("style-src 'self'", `style-src 'self' ${hashes.join(' ')}`);
