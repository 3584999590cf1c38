/** The slice of a zod schema the forms use, so the shared contracts validate on both sides. */
interface Schema<T> {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

export type ValidationResult<T> = { ok: true; data: T } | { ok: false; fieldErrors: Record<string, string> };

/**
 * Checks a form's values against the same schema the server uses, so people see the server's
 * sentences before a round trip. Field keys match the server's `data.fieldErrors` keys.
 */
export function validate<T>(schema: Schema<T>, values: unknown): ValidationResult<T> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    fieldErrors[key] ??= issue.message;
  }
  return { ok: false, fieldErrors };
}

/** `''` → null, `'12'` → 12, `'1.5'`/`'abc'` → NaN (the schema then says why). */
export function optionalNumber(raw: string): number | null {
  const trimmed = raw.trim();
  return trimmed === '' ? null : Number(trimmed);
}
