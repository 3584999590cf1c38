import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

interface QrImageProps {
  value: string;
  /** Read by screen readers, and how tests find the image. */
  label: string;
  className?: string;
}

/**
 * A QR code as an <img> with a PNG data: URL. The server's CSP allows data: images but no inline
 * styles, which rules out the SVG output (it carries style attributes).
 */
export function QrImage({ value, label, className }: QrImageProps) {
  const [src, setSrc] = useState<{ value: string; url: string } | null>(null);
  useEffect(() => {
    let current = true;
    QRCode.toDataURL(value, { errorCorrectionLevel: 'M', margin: 4, width: 600, color: { dark: '#111111', light: '#ffffff' } })
      .then((url) => current && setSrc({ value, url }))
      .catch(() => current && setSrc(null));
    return () => {
      current = false;
    };
  }, [value]);
  if (!src || src.value !== value) return <div className={['qr', 'qr-pending', className].filter(Boolean).join(' ')} aria-hidden="true" />;
  return <img className={['qr', className].filter(Boolean).join(' ')} src={src.url} alt={label} width={600} height={600} />;
}
