import { describe, expect, it } from 'vitest';
import { stepsEndingAt } from './annotations.js';

describe('stepsEndingAt', () => {
  it('puts the last step on `to`, so an alert that fired in the last minute is seen', () => {
    expect(stepsEndingAt({ from: 1000, to: 1150 }, 60)).toEqual({ start: 1030, end: 1150, step: 60 });
  });

  it('keeps the whole range when it is a whole number of steps', () => {
    expect(stepsEndingAt({ from: 1000, to: 1120 }, 60)).toEqual({ start: 1000, end: 1120, step: 60 });
  });

  it('asks for `to` alone when the range is shorter than a step', () => {
    expect(stepsEndingAt({ from: 1000, to: 1030 }, 60)).toEqual({ start: 1030, end: 1030, step: 60 });
  });
});
