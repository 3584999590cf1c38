// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LockScreen } from './LockScreen';
// A problem's words, which friendly-error.ts brings in the app.
import 'messages:problem';

afterEach(cleanup);

describe('LockScreen', () => {
  it('is one big focused "Tap to continue" button', () => {
    const onContinue = vi.fn();
    render(<LockScreen learnerName="Sam" onContinue={onContinue} busy={false} error={null} />);
    const button = screen.getByRole('button', { name: /Tap to continue/ });
    expect(document.activeElement).toBe(button);
    expect(button.textContent).toContain('Still there, Sam?');
    act(() => button.click());
    expect(onContinue).toHaveBeenCalledOnce();
  });

  it('says when resuming failed, and can be tapped again', () => {
    render(<LockScreen learnerName="Sam" onContinue={() => {}} busy={false} error={{ id: 'problem.unreachable.title' }} />);
    expect(screen.getByRole('alert').textContent).toBe('We can’t reach Perch right now');
    expect(screen.getByRole('button', { name: /Tap to continue/ })).toHaveProperty('disabled', false);
  });
});
