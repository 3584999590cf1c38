/** `import 'messages:scan'` registers the English messages whose ids start `scan.`. */
export declare const SECTION_MODULE: 'messages:';
/** A message's section: its id up to the first dot. */
export declare function sectionOf(id: string): string;
