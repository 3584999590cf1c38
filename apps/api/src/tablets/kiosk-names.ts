import { asActor, type Acting } from '../audit/actor';
import { recordAudit } from '../audit/audit.service';
import type { Context, Services } from '../context';
import { readSetting, writeSetting } from '../db/settings';
import type { EventSink } from '../platform/events';
import type { SettingEvent } from '../platform/settings-cache';

const KEY = 'kiosk_first_names';

async function readFirstNamesOnly(ctx: Pick<Services, 'db'>): Promise<boolean> {
  // Stored as text ('true' / 'false'); anything else, or no row, is the default: whole names.
  return (await readSetting(ctx.db, KEY)) === 'true';
}

/**
 * Whether tablets show only the learner's first name: off (the whole name, as Perch always did)
 * until an admin turns it on. Read on every kiosk.me, so from this instance's memory (see
 * SettingsCache), not the database.
 */
export function firstNamesOnly(ctx: Pick<Services, 'db' | 'settings'>): Promise<boolean> {
  return ctx.settings.read(KEY, () => readFirstNamesOnly(ctx));
}

/** Hands `sink` each change of this setting (a kiosk's open stream re-sends its name), until the returned function is called. */
export function watchFirstNamesOnly(ctx: Pick<Services, 'settings'>, sink: EventSink<SettingEvent>): () => void {
  return ctx.settings.watch(KEY, sink);
}

/** Turns first names only on or off, audited with before and after; every instance hears of it. */
export async function setFirstNamesOnly(ctx: Context & Acting, on: boolean): Promise<{ firstNamesOnly: boolean }> {
  const now = ctx.now();
  const value = String(on);
  await ctx.db.transaction().execute(async (db) => {
    const before = await readFirstNamesOnly({ db });
    await writeSetting(db, KEY, value, ctx.admin.id, now);
    await recordAudit(db, now, ctx.req, { ...asActor(ctx), action: 'tablet.kiosk_names', detail: { from: before, to: on } });
  });
  // After the commit, so no instance can read the old value back into its memory.
  await ctx.settings.changed(KEY);
  return { firstNamesOnly: on };
}

/**
 * The first word of a name, as a tablet shows it with first names only: split at any run of white
 * space (Unicode's, so an ideographic space counts too), never at a hyphen ("Anne-Marie Dupont" is
 * "Anne-Marie"). A name of one word, or written without spaces (as Chinese or Japanese names often
 * are), is shown whole.
 */
export function firstNameOf(name: string): string {
  const trimmed = name.trim();
  return trimmed.split(/\s+/u)[0] || trimmed;
}

/** The name a tablet shows for a session's learner; a guest's ("Guest 10-13") is never shortened. */
export function kioskLearnerName(row: { learner_name: string; learner_id: string | null }, firstOnly: boolean): string {
  return firstOnly && row.learner_id !== null ? firstNameOf(row.learner_name) : row.learner_name;
}
