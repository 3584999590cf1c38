import { describe, expect, it } from 'vitest';
import { kioskI18n } from '../i18n';
import { cameraProblem as problemId } from './camera-problem';

const cameraProblem = (err: unknown) => kioskI18n.t(problemId(err));

describe('cameraProblem', () => {
  it('answers a refused permission kindly and points to typing', () => {
    const denied = new DOMException('Permission denied', 'NotAllowedError');
    expect(cameraProblem(denied)).toMatch(/^That’s OK!/);
    expect(cameraProblem(denied)).toMatch(/type the code/);
  });

  it('tells a missing camera and a busy one apart', () => {
    expect(cameraProblem(new DOMException('', 'NotFoundError'))).toMatch(/couldn’t find a camera/);
    expect(cameraProblem(new DOMException('', 'NotReadableError'))).toMatch(/Another app/);
    expect(cameraProblem(new Error('weird'))).toMatch(/didn’t start/);
  });
});
