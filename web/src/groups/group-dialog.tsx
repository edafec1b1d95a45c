import { type FormEvent, useState } from 'react';
import { type Group, patch, post } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { useT } from '../i18n/use-t.tsx';
import { useAppChoices } from '../landing/use-app-choices.ts';
import { Dialog } from '../ui/dialog.tsx';
import { errorText } from '../ui/error-text.ts';
import { Field } from '../ui/field.tsx';
import { FormError } from '../ui/form-error.tsx';
import { useToast } from '../ui/toast.tsx';
import { draft, type TrainingDraft } from './training-draft.ts';
import { TrainingsEditor } from './trainings-editor.tsx';

export function GroupDialog({
  group,
  onClose,
}: {
  group: Group | null;
  onClose: (changed: boolean) => void;
}) {
  const { org } = useOrg();
  const t = useT();
  const toast = useToast();
  const apps = useAppChoices(org.id);
  const [name, setName] = useState(group?.name ?? '');
  const [trainings, setTrainings] = useState<TrainingDraft[]>(() => {
    const existing = group
      ? (group.trainingDetails ?? group.trainings.map((n) => ({ name: n, launchUrl: null, appId: null })))
      : [];
    return existing.length ? existing.map((x) => draft(x.name, x.launchUrl ?? '', x.appId ?? '')) : [draft()];
  });
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      const body = {
        name,
        trainings: trainings
          .filter((x) => x.name.trim())
          .map((x) => ({
            name: x.name.trim(),
            launchUrl: x.launchUrl.trim() || null,
            appId: x.appId || null,
          })),
      };
      if (group) await patch(`/orgs/${org.id}/groups/${group.id}`, body);
      else await post(`/orgs/${org.id}/groups`, body);
      toast('success', group ? t('groups.dialog.saved', { name }) : t('groups.dialog.created', { name }));
      onClose(true);
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <Dialog
      title={group ? t('groups.dialog.editTitle', { name: group.name }) : t('groups.newGroup')}
      onClose={() => onClose(false)}
    >
      <form onSubmit={submit} className="dialog-body">
        <FormError error={error} />
        <Field label={t('groups.dialog.name')}>
          {(p) => (
            <input {...p} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
          )}
        </Field>
        <TrainingsEditor rows={trainings} apps={apps} onChange={setTrainings} />
        <div className="dialog-actions">
          <button type="button" onClick={() => onClose(false)}>
            {t('groups.dialog.cancel')}
          </button>
          <button type="submit" className="primary">
            {group ? t('groups.dialog.save') : t('groups.dialog.create')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
