// Plain JavaScript, shared by the Vite plugin (run by Node) and the catalog checks. Types: sections.d.ts.

/** `import 'messages:scan'`: the source language's messages whose ids start `scan.`, registered as the module loads. */
export const SECTION_MODULE = 'messages:';

/**
 * A message's section: its id up to the first dot (`scan.title` is in `scan`).
 *
 * @param {string} id
 * @returns {string}
 */
export const sectionOf = (id) => id.split('.', 1)[0];
