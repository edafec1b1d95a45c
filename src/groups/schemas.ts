import { type Static, Type } from 'typebox';

const Name = Type.String({ minLength: 1, maxLength: 100 });
const TrainingName = Type.String({ minLength: 1, maxLength: 200 });
const LaunchUrl = Type.String({
  maxLength: 2000,
  description: 'Where the training opens: an absolute http(s) URL ("Your trainings" → Open).',
});

/** A training by name alone (its launch settings kept), or with where it opens. */
const TrainingInput = Type.Union([
  TrainingName,
  Type.Object(
    {
      name: TrainingName,
      launchUrl: Type.Optional(Type.Union([LaunchUrl, Type.Null()])),
      appId: Type.Optional(
        Type.Union([
          Type.String({ maxLength: 64, description: 'The app the training belongs to' }),
          Type.Null(),
        ]),
      ),
    },
    { additionalProperties: false },
  ),
]);

export const TrainingDetail = Type.Object({
  id: Type.String(),
  name: Type.String(),
  launchUrl: Type.Union([Type.String(), Type.Null()]),
  appId: Type.Union([Type.String(), Type.Null()]),
});

export const GroupDto = Type.Object({
  id: Type.String(),
  name: Type.String(),
  trainings: Type.Array(Type.String(), { description: 'Names of the trainings this group carries.' }),
  trainingDetails: Type.Array(TrainingDetail, {
    description: 'The same trainings, in the same order, with their ids and where each opens.',
  }),
  managerIds: Type.Array(Type.String(), { description: "Member ids of the group's managers." }),
  memberCount: Type.Integer(),
});
export type GroupDto = Static<typeof GroupDto>;

export const GroupList = Type.Object({ items: Type.Array(GroupDto) });

export const CreateGroupBody = Type.Object(
  {
    name: Name,
    trainings: Type.Optional(
      Type.Array(TrainingInput, {
        maxItems: 100,
        description: 'Names, or objects {name, launchUrl, appId} for trainings that open somewhere.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const UpdateGroupBody = Type.Object(
  {
    name: Type.Optional(Name),
    trainings: Type.Optional(
      Type.Array(TrainingInput, {
        maxItems: 100,
        description:
          "The full list: trainings missing from it are removed, existing ones kept by name. A name alone keeps the training's launch URL; an object {name, launchUrl} sets it (absent or null: none).",
      }),
    ),
  },
  { additionalProperties: false },
);

export const SetManagersBody = Type.Object(
  { memberIds: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 500 }) },
  { additionalProperties: false },
);
