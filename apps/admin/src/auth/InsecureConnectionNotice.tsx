import { richText } from '@perch/web';
import { useI18n } from '../i18n';
import { ErrorNotice } from '../ui/ErrorNotice';
import 'messages:auth';

const strong = (text: string) => <strong>{text}</strong>;

/**
 * Over plain http on a network address the browser is not in a secure context and drops Perch's
 * Secure sign-in cookie: signing in would appear to work and then forget you at once. Say why
 * instead, before anyone types a password.
 */
export function InsecureConnectionNotice() {
  const { t } = useI18n();
  return <ErrorNotice>{richText(t('auth.insecure'), { b: strong })}</ErrorNotice>;
}
