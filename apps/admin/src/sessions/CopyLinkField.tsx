import { CopyField } from '../ui/CopyField';

/** The redeem link in a read-only field with a Copy button, for sending to a tablet by hand. */
export function CopyLinkField({ url }: { url: string }) {
  return (
    <CopyField
      label="Link for the tablet"
      value={url}
      copyLabel="Copy link"
      copiedHint="Link copied. It works once, until the code expires."
    />
  );
}
