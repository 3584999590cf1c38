import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { BATCH_LABEL_MAX, CODE_TTL_MS, MINUTE_MS, startBulkInput, type OnExistingInClass, type StartBulkOutput } from '@perch/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { focusPageHeading, Page } from '../ui/Page';
import { useI18n } from '../i18n';
import { toUserError, visibleError } from '../lib/errors';
import { optionalNumber, validate } from '../lib/validate';
import { DEFAULT_SESSION_OPTIONS, type SessionOptionsDraft } from '../sessions/session-options';
import { SessionOptionsFields } from '../sessions/SessionOptionsFields';
import { useTRPC } from '../trpc';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { CardLifeField } from './CardLifeField';
import { LearnerPicker } from './LearnerPicker';
import { OnExistingField } from './OnExistingField';
import { PrintSheet } from './PrintSheet';
import { SentClassPanel } from './SentClassPanel';
import 'messages:class';
import 'messages:common';
import 'messages:nav';

/** Start sessions for a whole class at once, then print one QR card per learner. */
export function StartClassPage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<Map<string, string>>(new Map());
  const [label, setLabel] = useState('');
  const [options, setOptions] = useState<SessionOptionsDraft>(DEFAULT_SESSION_OPTIONS);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [cardLifeMin, setCardLifeMin] = useState(CODE_TTL_MS / MINUTE_MS);
  const [onExisting, setOnExisting] = useState<OnExistingInClass>('skip');
  const enrolledOnly = useQuery(trpc.tablets.redeemMode.queryOptions()).data?.mode === 'enrolled';
  const [started, setStarted] = useState<{ batch: StartBulkOutput; durationMin: number } | null>(null);

  const sendClass = useMutation(
    trpc.tablets.sendClass.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.tablets.list.pathFilter()),
      onError: (err) => setErrors(toUserError(err).fieldErrors),
    }),
  );
  const startBulk = useMutation(
    trpc.sessions.startBulk.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.sessions.list.pathFilter()),
      onError: (err) => setErrors(toUserError(err).fieldErrors),
    }),
  );

  // The sheet (or the sent list) replaces the form: start it at its top, its heading focused, as a new page would.
  const done = started !== null || sendClass.data !== undefined;
  useEffect(() => {
    if (!done) return;
    window.scrollTo(0, 0);
    focusPageHeading({ preventScroll: true });
  }, [done]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const toTablets = (event.nativeEvent as SubmitEvent).submitter?.getAttribute('value') === 'tablets';
    const checked = validate(startBulkInput, {
      learnerIds: [...selected.keys()],
      durationMin: optionalNumber(options.durationMin) ?? undefined,
      idleLockMin: optionalNumber(options.idleLockMin) ?? undefined,
      ...(label.trim() ? { label } : {}),
      onExisting,
      ...(enrolledOnly && cardLifeMin !== CODE_TTL_MS / MINUTE_MS ? { cardLifeMin } : {}),
    });
    if (!checked.ok) return setErrors(checked.fieldErrors);
    setErrors({});
    if (toTablets) {
      const { cardLifeMin: _unused, ...rest } = checked.data;
      return sendClass.mutate(rest);
    }
    startBulk.mutate(checked.data, {
      onSuccess: (batch) => setStarted({ batch, durationMin: checked.data.durationMin }),
    });
  };

  if (sendClass.data) {
    return (
      <Page id="class" title={t('class.sentTitle')}>
        <SentClassPanel
          result={sendClass.data}
          onNewClass={() => {
            sendClass.reset();
            setSelected(new Map());
            setLabel('');
          }}
        />
      </Page>
    );
  }

  if (started) {
    return (
      <Page id="class" title={t('class.printTitle')} headerClassName="no-print">
        <PrintSheet
          batch={started.batch}
          durationMin={started.durationMin}
          onStartAgain={() => {
            startBulk.reset();
            setStarted(null);
          }}
          onNewClass={() => {
            startBulk.reset();
            setSelected(new Map());
            setLabel('');
            setStarted(null);
          }}
        />
      </Page>
    );
  }

  const failure = visibleError(startBulk.error ?? sendClass.error);
  const count = selected.size;
  return (
    <Page
      id="class"
      title={t('nav.class')}
      lede={t('class.lede')}
    >
      <form className="class-form" onSubmit={submit} noValidate>
        <LearnerPicker selected={selected} onChange={setSelected} error={errors.learnerIds} />
        <div className="class-side">
          <div className="panel">
            <Field
              label={
                <>
                  {t('class.label')} <span className="optional">{t('common.optional')}</span>
                </>
              }
              hint={t('class.labelHint')}
              error={errors.label}
            >
              {(control) => <input {...control} maxLength={BATCH_LABEL_MAX} value={label} onChange={(e) => setLabel(e.target.value)} />}
            </Field>
            <SessionOptionsFields value={options} onChange={setOptions} errors={errors} />
            {enrolledOnly && <CardLifeField value={cardLifeMin} onChange={setCardLifeMin} error={errors.cardLifeMin} />}
            <OnExistingField value={onExisting} onChange={setOnExisting} />
            {failure && Object.keys(failure.fieldErrors).length === 0 && <ErrorNotice>{failure.message}</ErrorNotice>}
            {errors._ && <ErrorNotice>{errors._}</ErrorNotice>}
            <button type="submit" className="btn btn-primary btn-block btn-large" disabled={startBulk.isPending}>
              {startBulk.isPending ? t('class.starting') : count === 0 ? t('class.start') : t('class.startCount', { count })}
            </button>
            <button type="submit" name="to" value="tablets" className="btn btn-block" disabled={sendClass.isPending}>
              {t(sendClass.isPending ? 'class.sending' : 'class.send')}
            </button>
          </div>
          {count > 0 && (
            <div className="panel selected-summary">
              <p className="eyebrow">{t('class.selected')}</p>
              <ul className="chip-list">
                {[...selected].map(([id, name]) => (
                  <li key={id} className="chip chip-static">
                    {name}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      </form>
    </Page>
  );
}
