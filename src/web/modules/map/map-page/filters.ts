export type Filters = {
  partnerId?: string;
  segmentId?: string;
  skillId?: string;
  department?: string;
  status?: string;
};
export type Search = Filters & { layers?: string };
export const filterKeys = ['partnerId', 'segmentId', 'skillId', 'department', 'status'] as const;
