/** A class list is a few kilobytes; past this, the file is surely not one. */
export const LIST_FILE_MAX_BYTES = 1_000_000;

/**
 * A CSV file's text, as UTF-8 (a BOM is dropped). A file in another encoding (older Excel saves
 * Windows-1252) is refused with how to save it again rather than read with broken letters.
 */
export async function readListFile(file: File): Promise<{ text: string } | { error: string }> {
  if (file.size > LIST_FILE_MAX_BYTES) {
    return { error: `“${file.name}” is larger than 1 MB, which is far more than a list of learners. Choose the CSV file of the list.` };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer()) };
  } catch {
    return {
      error: `“${file.name}” is not UTF-8 text, so some letters cannot be read. In Excel, save it as “CSV UTF-8 (Comma delimited)”; elsewhere, choose UTF-8 when you export.`,
    };
  }
}
