import { describe, expect, it } from 'vitest';
import { catalogProblems, sectionImportProblems, stringLiterals } from './catalog-check';
import { compileCatalog, sectionModule } from './vite-catalogs';

const en = {
  hello: 'Hi, {name}!',
  wait: 'Try again in {minutes, plural, one {about a minute} other {about # minutes}}.',
  https: 'It starts with <b>https://</b>.',
};
const es = {
  hello: '¡Hola, {name}!',
  wait: 'Inténtalo de nuevo en {minutes, plural, one {más o menos un minuto} other {unos # minutos}}.',
  https: 'Empieza por <b>https://</b>.',
};

describe('catalogProblems', () => {
  it('passes catalogs that agree', () => {
    expect(catalogProblems(en, { es })).toEqual([]);
  });

  it('names a key missing from a translation, and one the source does not have', () => {
    const { wait: _, ...missing } = es;
    expect(catalogProblems(en, { es: missing })).toEqual(['es is missing "wait"']);
    expect(catalogProblems(en, { es: { ...es, extra: 'Más' } })).toEqual(['es has "extra", which en does not']);
  });

  it('names a message that is not valid ICU, in either language', () => {
    expect(catalogProblems({ ...en, hello: 'Hi, {name!' }, { es })).toEqual([expect.stringMatching(/^en "hello": not valid ICU/)]);
    expect(catalogProblems(en, { es: { ...es, wait: '{minutes, plural, one {uno}' } })).toEqual([expect.stringMatching(/^es "wait": not valid ICU/)]);
  });

  it('names placeholders that differ, or go missing', () => {
    expect(catalogProblems(en, { es: { ...es, hello: '¡Hola, {nombre}!' } })).toEqual([
      'es "hello": placeholders {nombre} differ from en\'s {name}',
    ]);
    expect(catalogProblems(en, { es: { ...es, hello: '¡Hola!' } })).toEqual(['es "hello": placeholders {} differ from en\'s {name}']);
    // A plural where the source has a plain number is a translation's right (Spanish agreement).
    expect(catalogProblems({ n: '{count} active' }, { es: { n: '{count, plural, one {# activa} other {# activas}}' } })).toEqual([]);
  });

  it('names plural keys the language does not have, a plural without "other", markers that differ, straight apostrophes', () => {
    expect(catalogProblems(en, { es: { ...es, wait: '{minutes, plural, few {pocos} other {#}}' } })).toEqual([
      expect.stringMatching(/^es "wait": not valid ICU/),
    ]);
    expect(catalogProblems(en, { es: { ...es, wait: '{minutes, plural, one {uno} =2 {dos}}' } })).toEqual([
      'es "wait": {minutes} has no "other" case',
    ]);
    expect(catalogProblems(en, { es: { ...es, https: 'Empieza por https://.' } })).toEqual(['es "https": element markers differ from en\'s']);
    expect(catalogProblems({ ...en, hello: "Let's go, {name}" }, { es })).toEqual([expect.stringMatching(/^en "hello": uses a straight apostrophe/)]);
  });
});

describe('compileCatalog', () => {
  it('compiles ICU to Lingui’s runtime form, keeping plain text plain', () => {
    const compiled = compileCatalog(en);
    expect(compiled.https).toBe('It starts with <b>https://</b>.');
    expect(compiled.hello).toEqual(['Hi, ', ['name'], '!']);
    expect(compiled.wait).toEqual(['Try again in ', ['minutes', 'plural', { offset: undefined, one: ['about a minute'], other: ['about ', '#', ' minutes'] }], '.']);
  });

  it('fails the build on a message that does not parse, naming it', () => {
    expect(() => compileCatalog({ broken: 'Hi, {name' })).toThrow(/Message "broken" is not valid ICU MessageFormat/);
  });
});

describe('sectionImportProblems', () => {
  const catalog = { 'scan.title': 'Scan your code', 'problem.used.title': 'Used', 'problem.used.message': 'Ask for a new one.' };

  it('passes a file that imports the section of every id it names, as a string or a template', () => {
    const code = "import 'messages:scan';\nimport 'messages:problem';\nt('scan.title');\nconst id = `problem.${kind}.title`;";
    expect(sectionImportProblems({ 'Scan.tsx': code }, catalog)).toEqual([]);
  });

  it('names an id shown without its section, and a section imported for nothing', () => {
    expect(sectionImportProblems({ 'Scan.tsx': "import 'messages:problem';\nt('scan.title');" }, catalog)).toEqual([
      'Scan.tsx shows "scan.title" but does not import \'messages:scan\'',
      'Scan.tsx imports \'messages:problem\' but shows none of its messages',
    ]);
    expect(sectionImportProblems({ 'a.ts': 'const m = { id: `problem.${words}.message` };' }, catalog)).toEqual([
      'a.ts shows "problem.${…}" but does not import \'messages:problem\'',
    ]);
    expect(sectionImportProblems({ 'a.ts': "import 'messages:scna';" }, catalog)).toEqual(["a.ts imports 'messages:scna', a section no message is in"]);
  });

  it('reads strings, not comments, and templates up to their first ${', () => {
    const code = "// the learner's 'scan.title'\nconst a = 'x.y'; /* 'no' */ const b = `p.${k}.t`; const c = `q.${`r.${z}`}` + \"s\"; 'after';";
    expect(stringLiterals(code)).toEqual([
      { text: 'x.y', interpolated: false },
      { text: 'p.', interpolated: true },
      { text: 'q.', interpolated: true },
      { text: 'r.', interpolated: true },
      { text: 's', interpolated: false },
      { text: 'after', interpolated: false },
    ]);
  });
});

describe('sectionModule', () => {
  it('registers the compiled messages of one section, and fails on a section with none', () => {
    const code = sectionModule({ 'scan.title': 'Scan', 'scan.hi': 'Hi, {name}', 'scanner.x': 'no' }, 'scan');
    expect(code).toContain('addSourceMessages({"scan.title":"Scan","scan.hi":["Hi, ",["name"]]});');
    expect(() => sectionModule({ 'scan.title': 'Scan' }, 'scna')).toThrow(/No message id starts with "scna\."/);
  });
});
