/**
 * Cluster stage. Takes Articles as they are stored; gives each one its Story (one event: the same
 * happening at the same time) and each new story its Storyline (stories that belong together over
 * days or weeks). Each ingest run's new articles are assigned one at a time in publication order
 * (undated last, placed by content alone; ties by id); `recluster` does the same for all of them,
 * so the same articles in any file order give the same grouping. The clusterer's state lives in the store.
 */
export { createAssigner, headlineScore, type Assignment } from './assign.ts';
export { publicationOrder } from './order.ts';
export { STORY_PARAMS, STORYLINE_PARAMS } from './params.ts';
