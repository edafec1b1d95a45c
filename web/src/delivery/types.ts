import type { Static } from 'typebox';
import type { DeliveryProblems } from '../../../src/delivery/schemas.ts';

export type DeliveryProblemsDto = Static<typeof DeliveryProblems>;
export type DomainGroup = DeliveryProblemsDto['byDomain'][number];
export type AnswerGroup = DeliveryProblemsDto['byAnswer'][number];

/** The group whose invitations are shown: one domain, or one server answer. */
export type ProblemFilter =
  | { kind: 'domain'; value: string }
  | { kind: 'answer'; value: string; label: string };
