import type { Static } from 'typebox';
import type { ActivityDto, AttentionDto, FiguresDto, FunnelDto } from '../../../src/overview/schemas.ts';

/** The overview's answers, as the server's schemas type them. */
export type Figures = Static<typeof FiguresDto>;
export type Figure = Figures['figures'][number];
export type Activity = Static<typeof ActivityDto>;
export type Funnel = Static<typeof FunnelDto>;
export type FunnelRow = Funnel['byGroup'][number];
export type Attention = Static<typeof AttentionDto>;
export type Range = 30 | 90;
