import { useState, type ChangeEvent } from 'react';
import { useI18n, type AdminMsg } from '../../i18n';
import { Field } from '../../ui/Field';
import { readListFile } from './read-file';
import 'messages:addMany';

interface ListInputProps {
  text: string;
  onText: (text: string) => void;
  /** A file was read into the text: go on to the preview. */
  onFileRead: () => void;
  error: string | undefined;
}

/** The first step: paste or type the list, or open a CSV file. */
export function ListInput({ text, onText, onFileRead, error }: ListInputProps) {
  const { t } = useI18n();
  const [fileError, setFileError] = useState<AdminMsg | undefined>();
  const openFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = ''; // the same file can be opened again after it is fixed
    if (!file) return;
    const read = await readListFile(file);
    if ('error' in read) return setFileError(read.error);
    setFileError(undefined);
    onText(read.text);
    onFileRead();
  };
  return (
    <>
      <Field label={t('addMany.list.label')} hint={t('addMany.list.hint')} error={error}>
        {(control) => (
          <textarea
            {...control}
            data-autofocus
            rows={10}
            className="list-text"
            spellCheck={false}
            value={text}
            onChange={(e) => onText(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('addMany.file.label')} hint={t('addMany.file.hint')} error={fileError && t(fileError)}>
        {(control) => <input {...control} type="file" accept=".csv,.txt,text/csv,text/plain" onChange={(e) => void openFile(e)} />}
      </Field>
    </>
  );
}
