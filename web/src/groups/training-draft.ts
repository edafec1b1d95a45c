export const splitList = (s: string) =>
  s
    .split(/[\n,]+/)
    .map((x) => x.trim())
    .filter(Boolean);

export interface TrainingDraft {
  key: number;
  name: string;
  launchUrl: string;
  appId: string;
}

let draftKeys = 0;
export const draft = (name = '', launchUrl = '', appId = ''): TrainingDraft => ({
  key: ++draftKeys,
  name,
  launchUrl,
  appId,
});
