import { z } from 'zod';
import { PASSWORD_MAX } from './constants';
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

export const adminOutput = z.object({ id: z.string(), email: z.string() });
export type Admin = z.infer<typeof adminOutput>;
