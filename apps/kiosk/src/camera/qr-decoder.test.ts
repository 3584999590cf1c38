import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { codeFromScannedText } from '../lib/code-input';
import { decodeQrImage } from './qr-decoder';

/** Renders a QR code as an RGBA frame, as a camera would hand it over (with a quiet zone). */
function qrFrame(text: string, scale = 6, margin = 4) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = (modules.size + margin * 2) * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  for (let y = 0; y < modules.size; y++) {
    for (let x = 0; x < modules.size; x++) {
      if (!modules.get(y, x)) continue;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const i = (((y + margin) * scale + dy) * size + (x + margin) * scale + dx) * 4;
          data[i] = data[i + 1] = data[i + 2] = 0;
        }
      }
    }
  }
  return { data, size };
}

describe('decodeQrImage (the jsQR fallback)', () => {
  it('reads a printed card’s redeem link and yields its code', () => {
    const { data, size } = qrFrame('https://perch.example.org/kiosk/#code=WXYZ-6789');
    const text = decodeQrImage(data, size, size);
    expect(text).toBe('https://perch.example.org/kiosk/#code=WXYZ-6789');
    expect(codeFromScannedText(text!)).toBe('WXYZ-6789');
  });

  it('finds nothing in a blank frame', () => {
    expect(decodeQrImage(new Uint8ClampedArray(200 * 200 * 4).fill(255), 200, 200)).toBeNull();
  });
});
