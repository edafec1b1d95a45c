/** An app people can be sent to after accepting or joining (what inviters may see of it). */
export interface AppChoice {
  id: string;
  name: string;
  origins: string[];
  launchUrl: string | null;
}

export interface ContinueTo {
  app: { id: string; name: string };
  url: string;
}
