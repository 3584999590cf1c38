// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CodeEntryForm } from './CodeEntryForm';

afterEach(cleanup);

function setup(props: Partial<Parameters<typeof CodeEntryForm>[0]> = {}) {
  const onCode = vi.fn();
  render(<CodeEntryForm onCode={onCode} busy={false} blocked={false} {...props} />);
  const field = screen.getByLabelText('Type your code');
  const start = screen.getByRole('button', { name: 'Start' });
  const type = (text: string) => fireEvent.change(field, { target: { value: text } });
  return { onCode, field, start, type };
}

describe('CodeEntryForm', () => {
  it('sends a code typed in any case with spaces and dashes, tidied', () => {
    const { onCode, start, type } = setup();
    type(' abcd - 23 45 ');
    fireEvent.click(start);
    expect(onCode).toHaveBeenCalledWith('ABCD-2345');
  });

  it('explains an empty or malformed code next to the field, without sending it', () => {
    const { onCode, field, start, type } = setup();
    fireEvent.click(start);
    expect(screen.getByRole('alert').textContent).toBe('Type the code from your card first.');
    type('abc');
    expect(screen.queryByRole('alert')).toBeNull(); // editing clears the old message
    fireEvent.click(start);
    expect(screen.getByRole('alert').textContent).toMatch(/doesn’t look like a code/);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toContain(screen.getByRole('alert').id);
    expect(document.activeElement).toBe(field);
    expect(onCode).not.toHaveBeenCalled();
  });

  it('waits while busy or blocked', () => {
    const { rerender } = render(<CodeEntryForm onCode={() => {}} busy={true} blocked={false} />);
    expect(screen.getByRole('button', { name: 'Starting…' })).toHaveProperty('disabled', true);
    rerender(<CodeEntryForm onCode={() => {}} busy={false} blocked={true} />);
    expect(screen.getByRole('button', { name: 'Start' })).toHaveProperty('disabled', true);
  });
});
