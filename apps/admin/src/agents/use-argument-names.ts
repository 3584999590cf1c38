import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { RECENT_LIST_INPUT } from '../sessions/session-cache';
import { t, useI18n } from '../i18n';
import { useTRPC } from '../trpc';
import 'messages:names';

/**
 * Names for the ids an agent's arguments carry (learners, sessions, classes), so an admin deciding
 * a request reads "Ada Lovelace" rather than a UUID. Both lists are ones other screens cache too.
 */
export function useArgumentNames(): ReadonlyMap<string, string> {
  const { locale } = useI18n();
  const trpc = useTRPC();
  const learners = useQuery(trpc.learners.list.queryOptions({ includeArchived: true }));
  const sessions = useQuery(trpc.sessions.list.queryOptions(RECENT_LIST_INPUT));
  return useMemo(() => {
    const names = new Map<string, string>();
    for (const l of learners.data ?? []) names.set(l.id, l.name);
    for (const s of sessions.data ?? []) {
      names.set(s.id, t('names.session', { name: s.learnerName }));
      if (s.batchId) names.set(s.batchId, s.batchLabel ? t('names.class', { label: s.batchLabel }) : t('names.aClass'));
    }
    return names;
  }, [learners.data, sessions.data, locale]);
}
