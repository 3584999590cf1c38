import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { REDEEM_MODES, type RedeemMode } from '@perch/shared';
import { useState } from 'react';
import { errorMessage } from '../lib/errors';
import { useTRPC } from '../trpc';
import { ErrorNotice } from '../ui/ErrorNotice';

const CHOICES: Record<RedeemMode, { label: string; detail: string }> = {
  open: {
    label: 'Any browser',
    detail: 'Any browser with a code starts its session. Codes work for 10 minutes; wrong codes are limited per address and across Perch.',
  },
  enrolled: {
    label: 'Only enrolled tablets',
    detail:
      'Only the tablets listed here start sessions; a phone that photographs a card is refused. Wrong codes lock only the tablet that typed them, briefly, and class cards can be printed to last up to 7 days.',
  },
};

/** Who may redeem a code: a setting for the whole of Perch, audited when it changes. */
export function RedeemModeSection() {
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
      <h2 id="redeem-mode-title">Who may start a session with a code</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (choice && choice !== mode) save.mutate({ mode: choice });
        }}
      >
        <fieldset className="fieldset" disabled={!mode}>
          <legend className="visually-hidden">Who may redeem</legend>
          {REDEEM_MODES.map((m) => (
            <label key={m} className="checkbox redeem-mode-choice">
              <input type="radio" name="redeemMode" value={m} checked={shown === m} onChange={() => setChoice(m)} />
              <span>
                <span>
                  <strong>{CHOICES[m].label}</strong>
                  {mode === m && <span className="badge badge-muted">now</span>}
                </span>
                <span className="field-hint">{CHOICES[m].detail}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {choice === 'open' && mode === 'enrolled' && (
          <p className="field-hint">Cards printed to last longer than 10 minutes will then stop working 10 minutes from now.</p>
        )}
        {(current.error || save.error) && <ErrorNotice>{errorMessage(save.error ?? current.error)}</ErrorNotice>}
        <div className="form-actions form-actions-start">
          <button type="submit" className="btn btn-primary" disabled={!choice || choice === mode || save.isPending}>
            {save.isPending ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </section>
  );
}
