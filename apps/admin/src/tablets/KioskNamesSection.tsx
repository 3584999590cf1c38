import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../i18n';
import { errorMessage } from '../lib/errors';
import { useTRPC } from '../trpc';
import { ErrorNotice } from '../ui/ErrorNotice';
import 'messages:common';
import 'messages:kioskNames';

/**
 * Whether tablets greet a learner by first name only: a setting for the whole of Perch, saved as
 * soon as it is ticked (the server applies it to every tablet, and audits the change).
 */
export function KioskNamesSection() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.tablets.kioskNames.queryOptions());
  const save = useMutation(
    trpc.tablets.setKioskNames.mutationOptions({
      onSuccess: (saved) => queryClient.setQueryData(trpc.tablets.kioskNames.queryKey(), saved),
    }),
  );
  // The tick as asked, until the save settles: the mutation's own state arrives a tick later, and a
  // controlled box would flick back meanwhile. A refused save shows the saved value again.
  const [asked, setAsked] = useState<boolean | null>(null);
  const on = asked ?? current.data?.firstNamesOnly;

  return (
    <section className="panel redeem-mode" aria-labelledby="kiosk-names-title">
      <h2 id="kiosk-names-title">{t('kioskNames.title')}</h2>
      <label className="checkbox redeem-mode-choice">
        <input
          type="checkbox"
          name="firstNamesOnly"
          checked={on ?? false}
          disabled={on === undefined || save.isPending}
          onChange={(e) => {
            setAsked(e.target.checked);
            save.mutate({ firstNamesOnly: e.target.checked }, { onSettled: () => setAsked(null) });
          }}
        />
        <span>
          <strong>{t('kioskNames.firstNamesOnly')}</strong>
          <span className="field-hint">{t('kioskNames.hint')}</span>
        </span>
      </label>
      <p className="field-hint" role="status">
        {save.isPending ? t('common.saving') : save.isSuccess ? t(save.data.firstNamesOnly ? 'kioskNames.savedOn' : 'kioskNames.savedOff') : ''}
      </p>
      {(current.error || save.error) && <ErrorNotice>{errorMessage(save.error ?? current.error)}</ErrorNotice>}
    </section>
  );
}
