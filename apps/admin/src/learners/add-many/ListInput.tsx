import { useState, type ChangeEvent } from 'react';
import { Field } from '../../ui/Field';
import { readListFile } from './read-file';

interface ListInputProps {
  text: string;
  onText: (text: string) => void;
  /** A file was read into the text: go on to the preview. */
  onFileRead: () => void;
  error: string | undefined;
}

/** The first step: paste or type the list, or open a CSV file. */
export function ListInput({ text, onText, onFileRead, error }: ListInputProps) {
  const [fileError, setFileError] = useState<string | undefined>();
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
      <Field
        label="Learners"
        hint="One learner a line: a name, or name, age and notes separated by commas, semicolons or tabs (as a spreadsheet copies them). A first line of column names is recognised."
        error={error}
      >
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
      <Field label="Or open a CSV file" hint="Columns name, age and notes; saved as UTF-8 (Excel: “CSV UTF-8”)." error={fileError}>
        {(control) => <input {...control} type="file" accept=".csv,.txt,text/csv,text/plain" onChange={(e) => void openFile(e)} />}
      </Field>
    </>
  );
}
