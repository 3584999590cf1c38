import { CameraScanner } from '../components/CameraScanner';
import { CodeEntryForm } from '../components/CodeEntryForm';
import { Screen } from '../components/Screen';
import { useI18n } from '../i18n';
import { enrollCodeFromScannedText } from '../lib/code-input';
import 'messages:enroll';
import 'messages:notEnrolled';

const ENROLL_WORDS = { label: 'enroll.label', hint: 'enroll.hint', submit: 'enroll.submit' } as const;
const ENROLL_CAMERA_WORDS = { hold: 'enroll.cameraHold', notPerch: 'enroll.cameraNotEnroll' } as const;

/**
 * Shown instead of "Scan your code" when only enrolled tablets may redeem and this browser is not
 * one (never enrolled, or retired). A teacher scans the "Add a tablet" QR code with this screen's
 * camera, opens its link here, or types its code (an installed kiosk app has no address bar to open
 * a link in).
 */
export function NotEnrolledScreen({ onEnroll, enrolling }: { onEnroll: (code: string) => void; enrolling: boolean }) {
  const { t } = useI18n();
  return (
    <Screen title={t('notEnrolled.title')}>
      <p className="lead">{t('notEnrolled.message')}</p>
      <p>{t('enroll.howTo')}</p>
      <div className="scan-options">
        <CameraScanner onCode={onEnroll} disabled={enrolling} read={enrollCodeFromScannedText} words={ENROLL_CAMERA_WORDS} />
        <div className="card">
          <CodeEntryForm onCode={onEnroll} busy={enrolling} blocked={false} words={ENROLL_WORDS} />
        </div>
      </div>
    </Screen>
  );
}
