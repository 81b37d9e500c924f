// The html template escapes everything it interpolates, except Html it made itself.
import { describe, expect, it } from 'vitest';
import { html, join, raw } from '../../src/web/html.ts';

describe('html', () => {
  it('escapes text in content and in attributes', () => {
    const evil = `<script>alert(1)</script>"'&`;
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe('<p title="&#60;script&#62;alert(1)&#60;/script&#62;&#34;&#39;&#38;">&#60;script&#62;alert(1)&#60;/script&#62;&#34;&#39;&#38;</p>');
  });

  it('writes nested templates as they are, and escapes array items one by one', () => {
    const items = ['<a>', html`<b>${'<c>'}</b>`];
    expect(html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`.value).toBe('<ul><li>&#60;a&#62;</li><li><b>&#60;c&#62;</b></li></ul>');
  });

  it('writes nothing for null, undefined and false, and numbers as text', () => {
    expect(html`${null}${undefined}${false}${0}${42}`.value).toBe('042');
  });

  it('joins with an escaped separator; raw is only for markup the code wrote', () => {
    expect(join(['<x>', raw('<y>')], ' & ').value).toBe('&#60;x&#62; &#38; <y>');
  });
});
