import type { AdminMsg } from '../../i18n';
import 'messages:addMany';

/** A class list is a few kilobytes; past this, the file is surely not one (addMany.file.tooLarge says 1 MB). */
export const LIST_FILE_MAX_BYTES = 1_000_000;

/**
 * A CSV file's text, as UTF-8 (a BOM is dropped). A file in another encoding (older Excel saves
 * Windows-1252) is refused with how to save it again rather than read with broken letters.
 */
export async function readListFile(file: File): Promise<{ text: string } | { error: AdminMsg }> {
  if (file.size > LIST_FILE_MAX_BYTES) return { error: { id: 'addMany.file.tooLarge', values: { file: file.name } } };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer()) };
  } catch {
    return { error: { id: 'addMany.file.notUtf8', values: { file: file.name } } };
  }
}
