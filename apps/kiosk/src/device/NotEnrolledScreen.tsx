import { NOT_ENROLLED_MESSAGE } from '@perch/shared';
import { Screen } from '../components/Screen';

/**
 * Shown instead of "Scan your code" when only enrolled tablets may redeem and this browser is not
 * one (never enrolled, or retired): the way back is an "Add a tablet" link from the admin.
 */
export function NotEnrolledScreen() {
  return (
    <Screen title="This tablet is not enrolled">
      <p className="lead">{NOT_ENROLLED_MESSAGE}</p>
      <p>On the Tablets page, “Add a tablet” shows a QR code and a link: open it on this tablet.</p>
    </Screen>
  );
}
