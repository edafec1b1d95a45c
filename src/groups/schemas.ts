import { type Static, Type } from 'typebox';

const Name = Type.String({ minLength: 1, maxLength: 100 });
const TrainingName = Type.String({ minLength: 1, maxLength: 200 });

export const GroupDto = Type.Object({
  id: Type.String(),
  name: Type.String(),
  trainings: Type.Array(Type.String(), { description: 'Names of the trainings this group carries.' }),
  managerIds: Type.Array(Type.String(), { description: "Member ids of the group's managers." }),
  memberCount: Type.Integer(),
});
export type GroupDto = Static<typeof GroupDto>;

export const GroupList = Type.Object({ items: Type.Array(GroupDto) });

export const CreateGroupBody = Type.Object(
  { name: Name, trainings: Type.Optional(Type.Array(TrainingName, { maxItems: 100 })) },
  { additionalProperties: false },
);

export const UpdateGroupBody = Type.Object(
  {
    name: Type.Optional(Name),
    trainings: Type.Optional(
      Type.Array(TrainingName, {
        maxItems: 100,
        description: 'The full list: trainings missing from it are removed, existing ones kept by name.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const SetManagersBody = Type.Object(
  { memberIds: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 500 }) },
  { additionalProperties: false },
);
