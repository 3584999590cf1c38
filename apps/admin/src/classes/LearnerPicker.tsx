import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { BULK_MAX_LEARNERS } from '@perch/shared';
import { useState } from 'react';
import { useI18n } from '../i18n';
import { errorMessage } from '../lib/errors';
import { navigate } from '../lib/routes';
import { useDebounced } from '../lib/use-debounced';
import { useTRPC } from '../trpc';
import { EmptyState } from '../ui/EmptyState';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import 'messages:learners';
import 'messages:nav';
import 'messages:picker';

interface LearnerPickerProps {
  /** Selected learners by id (with names, so the summary survives a search). */
  selected: ReadonlyMap<string, string>;
  onChange: (selected: Map<string, string>) => void;
  error?: string | undefined;
}

/** A searchable checklist of learners, capped at the class-start limit. */
export function LearnerPicker({ selected, onChange, error }: LearnerPickerProps) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const query = useDebounced(search.trim());
  const learners = useQuery({
    ...trpc.learners.list.queryOptions(query ? { search: query } : {}),
    placeholderData: keepPreviousData,
  });
  const list = learners.data ?? [];
  const full = selected.size >= BULK_MAX_LEARNERS;

  const toggle = (id: string, name: string, on: boolean) => {
    const next = new Map(selected);
    if (on) next.set(id, name);
    else next.delete(id);
    onChange(next);
  };
  const selectAllShown = () => {
    const next = new Map(selected);
    for (const l of list) if (next.size < BULK_MAX_LEARNERS) next.set(l.id, l.name);
    onChange(next);
  };

  return (
    <fieldset className={error ? 'fieldset picker field-invalid' : 'fieldset picker'} aria-describedby="picker-count">
      <legend>{t('nav.learners')}</legend>
      <div className="picker-toolbar">
        <label htmlFor="picker-search" className="visually-hidden">
          {t('learners.search')}
        </label>
        <input
          id="picker-search"
          type="search"
          placeholder={t('learners.searchPlaceholder')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <button type="button" className="btn btn-small" onClick={selectAllShown} disabled={list.length === 0 || full}>
          {t('picker.selectAll')}
        </button>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => onChange(new Map())} disabled={selected.size === 0}>
          {t('picker.clear')}
        </button>
      </div>
      <p id="picker-count" className={full ? 'picker-count picker-count-full' : 'picker-count'} aria-live="polite">
        {t(full ? 'picker.countFull' : 'picker.count', { count: selected.size, max: BULK_MAX_LEARNERS })}
      </p>
      {learners.error && <ErrorNotice>{errorMessage(learners.error)}</ErrorNotice>}
      {learners.isPending ? (
        <Loading label={t('learners.loading')} />
      ) : list.length === 0 ? (
        query ? (
          <EmptyState title={t('learners.noMatch', { query })} />
        ) : (
          <EmptyState
            title={t('learners.none')}
            action={
              <button type="button" className="btn" onClick={() => navigate('learners')}>
                {t('picker.addFirst')}
              </button>
            }
          />
        )
      ) : (
        <ul className="picker-list">
          {list.map((l) => {
            const on = selected.has(l.id);
            return (
              <li key={l.id}>
                <label className={on ? 'picker-item picker-item-on' : 'picker-item'}>
                  <input type="checkbox" checked={on} disabled={!on && full} onChange={(e) => toggle(l.id, l.name, e.target.checked)} />
                  <span className="picker-name">{l.name}</span>
                  {l.age !== null && <span className="muted small">{t('picker.age', { age: l.age })}</span>}
                </label>
              </li>
            );
          })}
        </ul>
      )}
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
