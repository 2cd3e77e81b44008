import { durationSeconds } from '@steward/contract/model/common';
import type { OnCall } from '@steward/contract/model/team';

export interface OnCallNow {
  /** Who is on call now and next, from the team's rotation. */
  rotation?: { current: string; next: string; handoffAt: string } | { startsAt: string; first: string };
  /** External schedules Steward does not resolve itself. */
  references: Array<{ system: 'pagerduty' | 'grafanaIrm'; scheduleId: string; url?: string }>;
}

/** Who is on call at `at`: shift k starts at start + k × shift and goes to members[k mod n]. */
export function onCallAt(onCall: OnCall | undefined, at: Date): OnCallNow | undefined {
  if (!onCall) {
    return undefined;
  }
  const references: OnCallNow['references'] = [];
  if (onCall.pagerduty) {
    references.push({
      system: 'pagerduty',
      scheduleId: onCall.pagerduty.scheduleId,
      ...(onCall.pagerduty.url ? { url: onCall.pagerduty.url } : {}),
    });
  }
  if (onCall.grafanaIrm) {
    references.push({
      system: 'grafanaIrm',
      scheduleId: onCall.grafanaIrm.scheduleId,
      ...(onCall.grafanaIrm.url ? { url: onCall.grafanaIrm.url } : {}),
    });
  }
  const rotation = onCall.rotation;
  if (!rotation) {
    return { references };
  }
  const start = Date.parse(rotation.start);
  const shiftMs = durationSeconds(rotation.shift) * 1000;
  const members = rotation.members;
  if (at.getTime() < start) {
    return { references, rotation: { startsAt: new Date(start).toISOString(), first: members[0]! } };
  }
  const shift = Math.floor((at.getTime() - start) / shiftMs);
  return {
    references,
    rotation: {
      current: members[shift % members.length]!,
      next: members[(shift + 1) % members.length]!,
      handoffAt: new Date(start + (shift + 1) * shiftMs).toISOString(),
    },
  };
}
