import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useI18n } from '../i18n';
import { formatDateTime } from '../lib/format';
import { useTRPC } from '../trpc';
import 'messages:classes';
import 'messages:live';

/** How many recent classes the live page offers to filter by. */
const RECENT_CLASSES = 20;

/** "Class: all / Robotics, Tuesday / …": narrows the live table to one class start. */
export function ClassFilter({ batchId, onChange }: { batchId: string | null; onChange: (batchId: string | null) => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const id = useId();
  const classes = useQuery(trpc.classes.list.queryOptions({ limit: RECENT_CLASSES }));
  if (!classes.data?.length) return null;
  return (
    <div className="class-filter">
      <label htmlFor={id}>{t('live.classFilter')}</label>
      <select id={id} value={batchId ?? ''} onChange={(e) => onChange(e.target.value || null)}>
        <option value="">{t('live.allSessions')}</option>
        {classes.data.map((c) => (
          <option key={c.batchId} value={c.batchId}>
            {c.label ?? t('classes.of', { date: formatDateTime(c.createdAt) })}
          </option>
        ))}
      </select>
    </div>
  );
}
