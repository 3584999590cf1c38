// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CameraScanner } from './CameraScanner';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function stubCamera(getUserMedia: () => Promise<MediaStream>) {
  const spy = vi.fn(getUserMedia);
  vi.stubGlobal('navigator', Object.assign(Object.create(navigator), { mediaDevices: { getUserMedia: spy } }));
  return spy;
}

describe('CameraScanner', () => {
  it('asks for the camera only when the learner taps, and takes a refusal kindly', async () => {
    const getUserMedia = stubCamera(() => Promise.reject(new DOMException('denied', 'NotAllowedError')));
    render(<CameraScanner onCode={() => {}} disabled={false} />);
    expect(getUserMedia).not.toHaveBeenCalled();
    await act(async () => screen.getByRole('button', { name: /Scan with camera/ }).click());
    expect(getUserMedia).toHaveBeenCalledOnce();
    expect(screen.getByRole('alert').textContent).toMatch(/That’s OK!.*type the code/);
    // Still a way forward: the button is back for another try.
    expect(screen.getByRole('button', { name: /Scan with camera/ })).toBeTruthy();
  });

  it('explains a browser without camera access', async () => {
    vi.stubGlobal('navigator', Object.assign(Object.create(navigator), { mediaDevices: undefined }));
    render(<CameraScanner onCode={() => {}} disabled={false} />);
    await act(async () => screen.getByRole('button', { name: /Scan with camera/ }).click());
    expect(screen.getByRole('alert').textContent).toMatch(/can’t use the camera/);
  });

  it('shows the live view with a way to stop once the camera is on', async () => {
    const stopTrack = vi.fn();
    const stream = new MediaStream();
    stream.getTracks = () => [{ stop: stopTrack } as unknown as MediaStreamTrack];
    stubCamera(() => Promise.resolve(stream));
    render(<CameraScanner onCode={() => {}} disabled={false} />);
    await act(async () => screen.getByRole('button', { name: /Scan with camera/ }).click());
    expect(screen.getByLabelText('Camera view')).toBeTruthy();
    act(() => screen.getByRole('button', { name: /Stop camera/ }).click());
    expect(stopTrack).toHaveBeenCalled();
    expect(screen.getByRole('button', { name: /Scan with camera/ })).toBeTruthy();
  });
});
