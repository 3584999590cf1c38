import jsQR from 'jsqr';

/** Reads the text of a QR code in the current video frame, or null when there is none. */
export interface QrDecoder {
  decode(video: HTMLVideoElement): Promise<string | null>;
}

interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats?(): Promise<string[]>;
}

/** Frames are scaled down to this width for jsQR: plenty for a card held up to a tablet, and fast. */
const MAX_DECODE_WIDTH = 640;

/** Decodes an RGBA frame with jsQR (the fallback where the browser has no BarcodeDetector). */
export function decodeQrImage(data: Uint8ClampedArray, width: number, height: number): string | null {
  return jsQR(data, width, height, { inversionAttempts: 'attemptBoth' })?.data ?? null;
}

/** The browser's BarcodeDetector where it reads QR codes (Android, ChromeOS, macOS), jsQR otherwise. */
export async function createQrDecoder(): Promise<QrDecoder> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (Detector) {
    const formats: string[] = (await Detector.getSupportedFormats?.().catch(() => [])) ?? [];
    if (formats.includes('qr_code')) {
      const detector = new Detector({ formats: ['qr_code'] });
      return { decode: async (video) => (await detector.detect(video))[0]?.rawValue ?? null };
    }
  }
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  return {
    async decode(video) {
      if (!context || video.videoWidth === 0) return null;
      const scale = Math.min(1, MAX_DECODE_WIDTH / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const frame = context.getImageData(0, 0, canvas.width, canvas.height);
      return decodeQrImage(frame.data, frame.width, frame.height);
    },
  };
}
