// The one way the web pages write HTML: the `html` tagged template escapes every interpolated value
// unless it is already `Html` (the result of another `html` template or of `raw` on text we wrote
// ourselves). Arrays are joined, with each item escaped the same way; null, undefined and false
// write nothing. So user input can only reach a page escaped.
import { escapeHtml } from '../http/html.ts';

/** HTML that is safe to write as is. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Interpolation = Html | string | number | null | undefined | false | readonly Interpolation[];

function write(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map((v: Interpolation) => write(v)).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += write(values[i]) + (strings[i + 1] ?? '');
  return new Html(out);
}

/** Marks markup that the code itself wrote (never user input) as safe. */
export function raw(markup: string): Html {
  return new Html(markup);
}

/** Joins pieces with a separator that is itself written as text. */
export function join(items: readonly Interpolation[], separator: string): Html {
  return new Html(items.map((i) => write(i)).join(escapeHtml(separator)));
}
