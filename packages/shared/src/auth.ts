import { z } from 'zod';
import { ADMIN_NAME_MAX, PASSWORD_MAX, PASSWORD_MIN } from './constants';
import { safeText } from './text';

export const emailSchema = safeText({ error: 'Enter your email address.' })
  .toLowerCase()
  .pipe(z.email({ error: 'That does not look like an email address.' }));

export const loginInput = z.object({
  email: emailSchema,
  password: z
    .string({ error: 'Enter your password.' })
    .min(1, { error: 'Enter your password.' })
    .max(PASSWORD_MAX, { error: 'That password is too long.' }),
});
export type LoginInput = z.infer<typeof loginInput>;

const passwordLength = `An admin password needs between ${PASSWORD_MIN} and ${PASSWORD_MAX} characters.`;
/** A new admin's password: the one rule `pnpm create-admin`, PERCH_ADMIN_PASSWORD and first-run set-up share. */
export const newAdminPassword = z
  .string({ error: 'Choose a password.' })
  .min(PASSWORD_MIN, { error: passwordLength })
  .max(PASSWORD_MAX, { error: passwordLength });

export const adminName = safeText({ error: 'Enter your name.' })
  .min(1, { error: 'Enter your name.' })
  .max(ADMIN_NAME_MAX, { error: `A name can be at most ${ADMIN_NAME_MAX} characters.` });

/** `auth.setupStatus`: whether Perch still waits for its first admin (no admin exists yet). */
export const setupStatusOutput = z.object({ needed: z.boolean() });
export type SetupStatus = z.infer<typeof setupStatusOutput>;

/** `auth.createFirstAdmin`: the set-up link's token (from `/admin/#setup=…`) and the first admin. */
export const firstAdminInput = z.object({
  token: z
    .string({ error: 'Open the set-up link Perch printed when it started.' })
    .min(1, { error: 'Open the set-up link Perch printed when it started.' })
    .max(100, { error: 'That set-up link is not valid.' }),
  name: adminName,
  email: emailSchema,
  password: newAdminPassword,
});
export type FirstAdminInput = z.infer<typeof firstAdminInput>;

export const adminOutput = z.object({
  id: z.string(),
  email: z.string(),
  /** The admin's name, when they gave one (first-run set-up asks for it; `pnpm create-admin` does not). */
  name: z.string().optional(),
});
export type Admin = z.infer<typeof adminOutput>;
