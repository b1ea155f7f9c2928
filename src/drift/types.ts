import type { Level } from '../util/levels.js';
import type { LogWindow } from './system-log.js';

/** What happened to a resource between the baseline and the current snapshot. */
export type ChangeKind = 'changed' | 'added' | 'removed';

/** Which of the two snapshots a pointer points into. */
export type Artifact = 'baseline' | 'current';

/** A resource as drift sees it: one API object, identified across snapshots by its id (or name). */
export interface DriftResource {
  /** the drift resource type, e.g. idp, routing-rule (docs/drift.md) */
  type: string;
  /** the identity it is matched by: the API id, else the name */
  key: string;
  id?: string;
  name?: string;
  /** logical location, as rule findings name resources: okta/idps/0oa1x2 */
  logical: string;
  /** JSON Pointer to the object in its snapshot */
  pointer: string;
  /** the object itself (for a sub-resource such as a routing rule, without its own sub-resources) */
  value: unknown;
  /** the resource it belongs to (the app of a group-push mapping, the policy of a routing rule) */
  parent?: DriftResource;
}

/** One field-level difference inside a resource that exists in both snapshots. */
export interface FieldChange {
  /** dotted field path: protocol.issuer.url; an element of an array matched by id is written [id] */
  path: string;
  /** the value in the baseline; absent when the field was added */
  before?: unknown;
  /** the value in the current snapshot; absent when the field was removed */
  after?: unknown;
  /** for arrays compared as sets: the items only in the current snapshot */
  added?: unknown[];
  /** for arrays compared as sets: the items only in the baseline */
  removed?: unknown[];
  /** pointer to the changed value in the current snapshot (its nearest existing parent when removed) */
  currentPointer: string;
  baselinePointer: string;
}

/** One change: a resource added or removed, or one field of a resource changed. */
export interface Change {
  /** drift/<type>-changed | -added | -removed */
  driftId: string;
  kind: ChangeKind;
  type: string;
  /** a human name for the type: identity provider */
  noun: string;
  level: Level;
  /** the resource in the current snapshot (absent when removed) */
  current?: DriftResource;
  /** the resource in the baseline (absent when added) */
  baseline?: DriftResource;
  /** for kind changed */
  field?: FieldChange;
  /** a removal and an addition of the same type and name with different ids: deleted and recreated */
  recreated?: { otherId: string };
  /** why the level is what it is (the row of the level table that applied) */
  levelReason: string;
  /** the whole sentence: the resource, then what changed */
  message: string;
  /** what changed, without the resource: protocol.scopes: added "profile" */
  detail: string;
  /** who made it, from the audit log (attribution.ts); absent when attribution is off */
  attribution?: Attribution;
}

/** A section of the snapshot that could not be compared, and why. */
export interface NotCompared {
  section: string;
  /** the drift resource types the section holds */
  types: string[];
  reason: string;
  /** skipped: an optional section collected in only one snapshot (does not make the run incomplete) */
  status: 'not-evaluated' | 'skipped';
}

/** One audit event of a change, newest first in an attribution. */
export interface AttributedEvent {
  actor: { id?: string; type?: string; alternateId?: string; displayName?: string };
  /** when it happened (Okta `published`, Beyond Identity `event_occurred_millis`) */
  published?: string;
  eventType?: string;
  displayMessage?: string;
  clientIp?: string;
  transactionId?: string;
  /** Okta `uuid`, Beyond Identity event id */
  eventId?: string;
}

/** Who made a change, from the Okta System Log or Beyond Identity events (drift/attribution.ts). */
export interface Attribution {
  status: 'attributed' | 'not-attributed';
  source: 'okta-system-log' | 'beyond-identity-events' | 'none';
  /** not attributed: why; attributed: what to keep in mind (part of the window outside the retention) */
  reason?: string;
  /** the interval searched */
  window?: LogWindow;
  /** newest first, at most MAX_EVENTS */
  events: AttributedEvent[];
  /** events of the resource in the window beyond those listed */
  moreEvents: number;
}
