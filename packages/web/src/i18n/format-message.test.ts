import { describe, expect, it } from 'vitest';
import { formatMessage } from './format-message';
import { compileCatalog } from './vite-catalogs';

const compiled = compileCatalog({
  plain: 'Scan your code',
  hello: 'Hi, {name}!',
  wait: 'Try again in {minutes, plural, =0 {less than a minute} one {about a minute} other {about # minutes}}.',
  who: '{by, select, admin {An admin} other {Someone}} ended it.',
  max: 'up to {max, number}',
}) as Record<string, Parameters<typeof formatMessage>[0]>;
const fill = (id: string, values?: Record<string, unknown>, locale = 'en') => formatMessage(compiled[id]!, locale, values);

describe('formatMessage', () => {
  it('leaves plain text as it is and fills arguments', () => {
    expect(fill('plain')).toBe('Scan your code');
    expect(fill('hello', { name: 'Ada' })).toBe('Hi, Ada!');
  });

  it('picks a plural by exact value, then the language’s category, with # as the count', () => {
    expect(fill('wait', { minutes: 0 })).toBe('Try again in less than a minute.');
    expect(fill('wait', { minutes: 1 })).toBe('Try again in about a minute.');
    expect(fill('wait', { minutes: 9 })).toBe('Try again in about 9 minutes.');
    expect(fill('wait', { minutes: 1200 })).toBe('Try again in about 1,200 minutes.');
    expect(fill('wait', { minutes: 1200 }, 'es')).toBe('Try again in about 1200 minutes.');
  });

  it('picks a select’s case, else other; numbers in the language’s digits', () => {
    expect(fill('who', { by: 'admin' })).toBe('An admin ended it.');
    expect(fill('who', { by: 'constructor' })).toBe('Someone ended it.');
    expect(fill('max', { max: 10000 })).toBe('up to 10,000');
    expect(fill('max', { max: 10000 }, 'es')).toBe('up to 10.000');
  });

  it('reads a missing argument as nothing', () => {
    expect(fill('hello')).toBe('Hi, !');
  });
});

describe('compileCatalog', () => {
  it('fails the build on a format the apps do not fill', () => {
    expect(() => compileCatalog({ when: 'On {day, date, short}' })).toThrow(/Message "when" uses \{…, date\}/);
    expect(() => compileCatalog({ nth: '{n, selectordinal, one {#st} other {#th}}' })).toThrow(/uses \{…, selectordinal\}/);
    expect(() => compileCatalog({ rest: '{n, plural, offset:1 one {one more} other {# more}}' })).toThrow(/uses \{…, plural with offset\}/);
  });
});
