/**
 * The parts of Beckon that act on their own, by a stable code, with the English name their events
 * record. Answers add the code beside the name so that clients can name them in their language.
 */
export const SYSTEM_ACTORS = {
  beckon: 'Beckon',
  scheduler: 'Scheduler',
  mail_delivery: 'Mail delivery',
  mail_provider: 'Mail provider',
  link_checker: 'Link checker (mail scanner or preview)',
} as const;

export type SystemActorCode = keyof typeof SYSTEM_ACTORS;

const CODE_OF = new Map<string, SystemActorCode>(
  Object.entries(SYSTEM_ACTORS).map(([code, name]) => [name, code as SystemActorCode]),
);

/** `{ code }` for an actor that is a part of Beckon (known by its recorded name), else nothing. */
export function systemActorCode(type: string, name: string | null): { code?: SystemActorCode } {
  const code = type === 'system' && name ? CODE_OF.get(name) : undefined;
  return code ? { code } : {};
}

export const SYSTEM_ACTOR_CODE_DESCRIPTION =
  'For a system actor, which part of Beckon acted, as a stable code (name is its English name): beckon, scheduler, mail_delivery, mail_provider, link_checker. More may come: fall back to name (Beckon extension)';
