import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { REDEEM_MODES, type RedeemMode } from '@perch/shared';
import { useState } from 'react';
import { useI18n, type AdminMessageId } from '../i18n';
import { errorMessage } from '../lib/errors';
import { useTRPC } from '../trpc';
import { ErrorNotice } from '../ui/ErrorNotice';
import 'messages:common';
import 'messages:redeemMode';

const CHOICES: Record<RedeemMode, { label: AdminMessageId; detail: AdminMessageId }> = {
  open: { label: 'redeemMode.open', detail: 'redeemMode.openDetail' },
  enrolled: { label: 'redeemMode.enrolled', detail: 'redeemMode.enrolledDetail' },
};

/** Who may redeem a code: a setting for the whole of Perch, audited when it changes. */
export function RedeemModeSection() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.tablets.redeemMode.queryOptions());
  const [choice, setChoice] = useState<RedeemMode | null>(null);
  const save = useMutation(
    trpc.tablets.setRedeemMode.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.tablets.redeemMode.queryKey(), saved);
        setChoice(null);
      },
    }),
  );
  const mode = current.data?.mode;
  const shown = choice ?? mode;

  return (
    <section className="panel redeem-mode" aria-labelledby="redeem-mode-title">
      <h2 id="redeem-mode-title">{t('redeemMode.title')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (choice && choice !== mode) save.mutate({ mode: choice });
        }}
      >
        <fieldset className="fieldset" disabled={!mode}>
          <legend className="visually-hidden">{t('redeemMode.legend')}</legend>
          {REDEEM_MODES.map((m) => (
            <label key={m} className="checkbox redeem-mode-choice">
              <input type="radio" name="redeemMode" value={m} checked={shown === m} onChange={() => setChoice(m)} />
              <span>
                <span>
                  <strong>{t(CHOICES[m].label)}</strong>
                  {mode === m && <span className="badge badge-muted">{t('redeemMode.now')}</span>}
                </span>
                <span className="field-hint">{t(CHOICES[m].detail)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {choice === 'open' && mode === 'enrolled' && (
          <p className="field-hint">{t('redeemMode.shorten')}</p>
        )}
        {(current.error || save.error) && <ErrorNotice>{errorMessage(save.error ?? current.error)}</ErrorNotice>}
        <div className="form-actions form-actions-start">
          <button type="submit" className="btn btn-primary" disabled={!choice || choice === mode || save.isPending}>
            {t(save.isPending ? 'common.saving' : 'common.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
