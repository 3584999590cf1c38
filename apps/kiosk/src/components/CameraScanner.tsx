import { useCallback, useEffect, useRef, useState } from 'react';
import { cameraProblem } from '../camera/camera-problem';
import { useI18n, type KioskMessageId } from '../i18n';
import { codeFromScannedText } from '../lib/code-input';
import { Icon } from './Icon';
import 'messages:camera';

const CAMERA = 'M4 8.5A2.5 2.5 0 0 1 6.5 6h1.8l1.4-2h4.6l1.4 2h1.8A2.5 2.5 0 0 1 20 8.5v8A2.5 2.5 0 0 1 17.5 19h-11A2.5 2.5 0 0 1 4 16.5zM12 16a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z';
const STOP = 'M7 7h10v10H7z';

/** How often a video frame is checked for a QR code. */
const SCAN_INTERVAL_MS = 200;

type CameraStatus = 'off' | 'starting' | 'scanning';

interface CameraScannerProps {
  onCode: (code: string) => void;
  disabled: boolean;
  /** The code in a QR's text, or null when it is not the kind wanted here (default: a learner's card). */
  read?: (text: string) => string | null;
  /** What to hold up, and what to say of another QR code (default: a learner's card). */
  words?: { hold: KioskMessageId; notPerch: KioskMessageId };
}

const CARD_WORDS = { hold: 'camera.hold', notPerch: 'camera.notPerch' } as const;

/**
 * Reads the QR code on a learner's card (or, on a tablet not enrolled yet, the one "Add a tablet"
 * shows). The camera is asked for only when someone taps "Scan with camera", and a refusal just
 * points to the typing field: scanning is a shortcut.
 */
export function CameraScanner({ onCode, disabled, read = codeFromScannedText, words = CARD_WORDS }: CameraScannerProps) {
  const [status, setStatus] = useState<CameraStatus>('off');
  const { t } = useI18n();
  const [problem, setProblem] = useState<KioskMessageId | null>(null);
  // A QR code was seen, but not the kind wanted here (a web page, a Wi-Fi login, another kind of Perch code).
  const [otherQr, setOtherQr] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;
  const readRef = useRef(read);
  readRef.current = read;

  const stop = useCallback(() => {
    for (const track of stream.current?.getTracks() ?? []) track.stop();
    stream.current = null;
    setStatus('off');
  }, []);

  // Leaving the screen (a code was found, the session started) always turns the camera off.
  useEffect(() => () => stream.current?.getTracks().forEach((track) => track.stop()), []);

  async function start() {
    setProblem(null);
    setOtherQr(false);
    if (!navigator.mediaDevices?.getUserMedia) {
      setProblem(cameraProblem({ name: 'Unsupported' }));
      return;
    }
    setStatus('starting');
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: { ideal: 'environment' } },
        audio: false,
      });
      setStatus('scanning');
    } catch (err) {
      setStatus('off');
      setProblem(cameraProblem(err));
    }
  }

  useEffect(() => {
    const element = video.current;
    if (status !== 'scanning' || !element || !stream.current) return;
    element.srcObject = stream.current;
    void element.play().catch(() => {});
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    void (async () => {
      // The decoder (and jsQR) load only when someone scans, keeping the first screen quick.
      const { createQrDecoder } = await import('../camera/qr-decoder');
      const decoder = await createQrDecoder();
      const tick = async () => {
        if (cancelled) return;
        const text = await decoder.decode(element).catch(() => null);
        if (cancelled) return;
        if (text) {
          const code = readRef.current(text);
          if (code) {
            stop();
            onCodeRef.current(code);
            return;
          }
          setOtherQr(true);
        }
        timer = setTimeout(() => void tick(), SCAN_INTERVAL_MS);
      };
      void tick();
    })();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [status, stop]);

  return (
    <section className="card" aria-labelledby="camera-heading">
      <h2 id="camera-heading">{t('camera.heading')}</h2>
      {status === 'off' ? (
        <>
          <div className="camera-illustration" aria-hidden="true">
            <Icon path={CAMERA} />
          </div>
          {problem && (
            <p className="field-error" role="alert">
              {t(problem)}
            </p>
          )}
          <button type="button" className="button wide" onClick={() => void start()} disabled={disabled}>
            <Icon path={CAMERA} />
            {t('camera.start')}
          </button>
        </>
      ) : (
        <>
          <div className="camera-view">
            <video ref={video} muted playsInline aria-label={t('camera.view')} />
            <div className="frame" aria-hidden="true" />
          </div>
          <p className="camera-status" role="status">
            {t(status === 'starting' ? 'camera.starting' : otherQr ? words.notPerch : words.hold)}
          </p>
          <button type="button" className="button secondary wide" onClick={stop}>
            <Icon path={STOP} />
            {t('camera.stop')}
          </button>
        </>
      )}
    </section>
  );
}
