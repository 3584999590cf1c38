import { readFileSync } from 'node:fs';
import { appSources, catalogProblems, sectionImportProblems } from '@perch/web/catalog-check';
import { describe, expect, it } from 'vitest';

// Read as written (the build compiles them; see @perch/web/vite).
const read = (locale: string) => JSON.parse(readFileSync(new URL(`./${locale}.json`, import.meta.url), 'utf8')) as Record<string, string>;

describe('the admin app’s message catalog', () => {
  it('has every message in English and Spanish, each valid ICU with the same placeholders', () => {
    expect(catalogProblems(read('en'), { es: read('es') })).toEqual([]);
  });

  it('comes with every module that shows it: each imports the sections of the ids it names', () => {
    expect(sectionImportProblems(appSources(new URL('..', import.meta.url)), read('en'))).toEqual([]);
  });
});
