import { t, useI18n } from '../i18n';
import 'messages:request';

/** One argument value in words: known ids by name (with the id's first block), lists comma-separated. */
export function describeArgument(value: unknown, names: ReadonlyMap<string, string>): string {
  if (typeof value === 'string') {
    const name = names.get(value);
    return name ? `${name} (${value.slice(0, 8)}…)` : value;
  }
  if (Array.isArray(value)) return value.length === 0 ? t('request.none') : value.map((v) => describeArgument(v, names)).join(', ');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The arguments an agent sent, by the names the policy's paths use (`args.durationMin`). */
export function RequestArguments({ args, names }: { args: Record<string, unknown>; names: ReadonlyMap<string, string> }) {
  useI18n();
  const entries = Object.entries(args);
  if (entries.length === 0) return <p className="muted small">{t('request.noArgs')}</p>;
  return (
    <dl className="facts request-args">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>
            <code>{key}</code>
          </dt>
          <dd>{describeArgument(value, names)}</dd>
        </div>
      ))}
    </dl>
  );
}
