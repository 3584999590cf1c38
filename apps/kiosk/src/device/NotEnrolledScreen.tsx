import { NOT_ENROLLED_MESSAGE } from '@perch/shared';
import { CodeEntryForm } from '../components/CodeEntryForm';
import { Screen } from '../components/Screen';

const ENROLL_WORDS = {
  label: 'Enrollment code',
  hint: 'From “Add a tablet” on the Tablets page: 8 letters and numbers, like ABCD-2345.',
  submit: 'Enroll this tablet',
};

/**
 * Shown instead of "Scan your code" when only enrolled tablets may redeem and this browser is not
 * one (never enrolled, or retired). A teacher opens the "Add a tablet" link here, or types its code
 * (an installed kiosk app has no address bar to open a link in).
 */
export function NotEnrolledScreen({ onEnroll, enrolling }: { onEnroll: (code: string) => void; enrolling: boolean }) {
  return (
    <Screen title="This tablet is not enrolled">
      <p className="lead">{NOT_ENROLLED_MESSAGE}</p>
      <p>On the Tablets page, “Add a tablet” shows a QR code, a link and a code: open the link on this tablet, or type the code.</p>
      <CodeEntryForm onCode={onEnroll} busy={enrolling} blocked={false} words={ENROLL_WORDS} />
    </Screen>
  );
}
