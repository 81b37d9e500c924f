// Range and If-Range as pure functions, by table (src/http/byteRange.ts).
import { describe, expect, it } from 'vitest';
import { ifRangeMatches, parseRange } from '../../src/http/byteRange.ts';

describe('parseRange (file of 100 bytes)', () => {
  it.each([
    [undefined, undefined],
    ['bytes=0-0', { start: 0, end: 0 }],
    ['bytes=0-99', { start: 0, end: 99 }],
    ['bytes=10-', { start: 10, end: 99 }],
    ['bytes=90-500', { start: 90, end: 99 }],
    ['bytes=-10', { start: 90, end: 99 }],
    ['bytes=-500', { start: 0, end: 99 }],
    ['BYTES = 5 - 6', { start: 5, end: 6 }],
    ['bytes=100-', 'unsatisfiable'],
    ['bytes=100-200', 'unsatisfiable'],
    ['bytes=-0', 'unsatisfiable'],
    ['bytes=5-4', undefined],
    ['bytes=-', undefined],
    ['bytes=0-1, 5-6', undefined],
    ['items=0-1', undefined],
    ['bytes=a-b', undefined],
    ['bytes=99999999999999999999-', undefined],
  ] as const)('%s → %j', (header, expected) => {
    expect(parseRange(header, 100)).toEqual(expected);
  });
  it('an empty file satisfies no range', () => {
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable');
    expect(parseRange('bytes=-1', 0)).toBe('unsatisfiable');
  });
});

describe('ifRangeMatches', () => {
  const modified = new Date('2026-01-02T03:04:05.678Z');
  it.each([
    [undefined, true],
    ['"abc"', true],
    [' "abc" ', true],
    ['"abd"', false],
    ['W/"abc"', false],
    ['Fri, 02 Jan 2026 03:04:05 GMT', true],
    ['Fri, 02 Jan 2026 03:04:06 GMT', false],
    ['not a date', false],
  ] as const)('%s → %s', (header, expected) => {
    expect(ifRangeMatches(header, '"abc"', modified)).toBe(expected);
  });
});
