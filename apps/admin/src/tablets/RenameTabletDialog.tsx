import { useMutation, useQueryClient } from '@tanstack/react-query';
import { renameTabletInput, type TabletSummary } from '@perch/shared';
import { useState } from 'react';
import { useI18n } from '../i18n';
import { errorMessage, toUserError } from '../lib/errors';
import { useTRPC } from '../trpc';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import 'messages:common';
import 'messages:learners';
import 'messages:tablets';

/** Renames a tablet ("Tablet 3" → "Makerspace corner"); the tablet shows the new name at once. */
export function RenameTabletDialog({ tablet, onClose }: { tablet: TabletSummary; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(tablet.name);
  const [localError, setLocalError] = useState<string | undefined>();
  const rename = useMutation(
    trpc.tablets.rename.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.tablets.list.pathFilter());
        onClose();
      },
    }),
  );
  const serverError = rename.error ? toUserError(rename.error) : null;
  const fieldError = localError ?? serverError?.fieldErrors.name;

  return (
    <Dialog title={t('tablets.renameFor', { name: tablet.name })} onClose={onClose} size="narrow">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const checked = renameTabletInput.safeParse({ tabletId: tablet.id, name });
          if (!checked.success) {
            setLocalError(checked.error.issues[0]?.message);
            return;
          }
          setLocalError(undefined);
          rename.mutate(checked.data);
        }}
      >
        <Field label={t('learners.form.name')} error={fieldError}>
          {(control) => <input {...control} value={name} onChange={(e) => setName(e.target.value)} data-autofocus autoComplete="off" />}
        </Field>
        {serverError && !serverError.fieldErrors.name && <ErrorNotice>{errorMessage(rename.error)}</ErrorNotice>}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={rename.isPending}>
            {t(rename.isPending ? 'common.saving' : 'common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
